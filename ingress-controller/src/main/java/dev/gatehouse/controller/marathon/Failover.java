package dev.gatehouse.controller.marathon;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The order in which to try the URLs of one Marathon cluster: the one that answered last, then the others
 * as configured. As in marathon-lb, a URL that answered stays preferred until it fails, so a dead first
 * URL does not cost a connect timeout on every request.
 */
final class Failover {

    private final List<URI> urls;
    private volatile URI preferred;

    Failover(List<URI> urls) {
        this.urls = List.copyOf(urls);
        this.preferred = urls.get(0);
    }

    List<URI> order() {
        URI first = preferred;
        List<URI> order = new ArrayList<>(urls.size());
        order.add(first);
        urls.stream().filter(url -> !url.equals(first)).forEach(order::add);
        return order;
    }

    void answered(URI url) {
        preferred = url;
    }
}
