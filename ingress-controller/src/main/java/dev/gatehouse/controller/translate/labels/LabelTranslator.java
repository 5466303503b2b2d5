package dev.gatehouse.controller.translate.labels;

import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.controller.view.MarathonApp;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.LocationRewrite;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.PathRewrite;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.TcpListener;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Routes Services and Marathon apps by marathon-lb's keys ({@code HAPROXY_GROUP}, {@code HAPROXY_{n}_VHOST},
 * ...; see docs/labels.md), with {@code {n}} the index of the port. A port in our group is served in http
 * mode as routes on its VHOST hosts, or in tcp mode as a TCP listener on its port.
 *
 * <p>Services take part only when a key names a group (so that {@code --group '*'} does not publish every
 * Service of the cluster); Marathon apps always do, as with marathon-lb. Services are read oldest first,
 * then Marathon apps by id, which decides among routes of one host and path with the same BACKEND_WEIGHT (the
 * highest weight wins first); the caller puts Ingress rules first.
 */
public final class LabelTranslator {

    private static final List<String> HTTP_ONLY = List.of("VHOST", "PATH", "REDIRECT_TO_HTTPS", "USE_HSTS",
            "HTTP_BACKEND_PROXYPASS_PATH", "HTTP_BACKEND_REVPROXY_PATH", "SSL_CERT");

    private final List<String> groups;
    private final boolean strictMode;
    private final ServiceClusters backends;
    private final MarathonClusters marathon;
    private final List<Warning> warnings;
    private final List<LabelRoute> routes = new ArrayList<>();
    private final List<TcpClaim> tcp = new ArrayList<>();

    /**
     * @param groups     the marathon-lb groups served ({@code *} for every group)
     * @param strictMode marathon-lb's {@code --strict-mode}: only ports with {@code HAPROXY_{n}_ENABLED=true} are served
     */
    public LabelTranslator(List<String> groups, boolean strictMode, ServiceClusters backends, MarathonClusters marathon, List<Warning> warnings) {
        this.groups = groups;
        this.strictMode = strictMode;
        this.backends = backends;
        this.marathon = marathon;
        this.warnings = warnings;
    }

    /**
     * One http port routed by its keys: what the admin maps, the DNS sync and its SSL_CERT need once the caller
     * knows which of its routes were kept.
     *
     * @param namespace where its SSL_CERT Secret must be (the Service's), or null for a Marathon app
     * @param mapped    whether marathon-lb's vhost map lists it (no PATH, no AUTH)
     */
    record LabelPort(ObjectRef owner, String appId, String backend, String namespace, boolean mapped, String sslKey, String sslCert) {
    }

    /** A label route, its port, and who asked for it. */
    public record LabelRoute(LabelPort port, HostPattern host, Route route) {

        public ObjectRef owner() {
            return port.owner();
        }
    }

    /** What the labels of the view ask for. */
    public record Result(List<LabelRoute> routes, List<TcpClaim> tcp) {
    }

    public Result translate(ClusterView view) {
        for (Service service : Metadata.byAge(view.services())) {
            Map<String, String> keys = LabelKeys.of(service);
            if (LabelKeys.namesGroup(keys)) {
                service(service, keys);
            }
        }
        view.marathonApps().stream().sorted(Comparator.comparing(MarathonApp::id)).forEach(this::marathonApp);
        return new Result(List.copyOf(routes), List.copyOf(tcp));
    }

    /**
     * marathon-lb's maps, the hosts DNS publishes and the SSL_CERT bindings, from the label routes that were
     * kept: a host an Ingress took is neither mapped, published nor given the label's certificate.
     */
    public static LabelMaps finish(List<LabelRoute> kept, CertificateCheck tls, List<Warning> warnings) {
        Map<LabelPort, Set<String>> hostsByPort = new LinkedHashMap<>();
        for (LabelRoute route : kept) {
            hostsByPort.computeIfAbsent(route.port(), p -> new LinkedHashSet<>()).add(route.host().value());
        }
        List<String> vhostMap = new ArrayList<>();
        List<String> appMap = new ArrayList<>();
        Set<String> mappedApps = new HashSet<>();
        Map<String, List<String>> serviceHosts = new HashMap<>();
        hostsByPort.forEach((port, hosts) -> {
            if (port.mapped()) {
                hosts.forEach(host -> vhostMap.add(host + " " + port.backend()));
            }
            if (mappedApps.add(port.appId())) {
                appMap.add(port.appId() + " " + port.backend());
            }
            if (port.namespace() != null) {
                serviceHosts.computeIfAbsent(port.owner().namespace() + "/" + port.owner().name(), k -> new ArrayList<>()).addAll(hosts);
            }
            if (port.sslCert() != null) {
                tls.checkNamed(port.owner(), port.sslKey(), port.namespace(), port.sslCert(), List.copyOf(hosts), warnings);
            }
        });
        return new LabelMaps(vhostMap, appMap, serviceHosts);
    }


    private void service(Service service, Map<String, String> keys) {
        ObjectRef owner = ObjectRef.of(service);
        List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null ? List.of()
                : service.getSpec().getPorts();
        List<Integer> served = served(keys, ports.size());
        if (served.isEmpty()) {
            return;
        }
        refuseTemplates(owner, keys);
        String appId = "/" + owner.namespace() + "/" + owner.name();
        for (int n : served) {
            PortLabels labels = PortLabels.read(owner, keys, n, false, warnings);
            if (labels.refused()) {
                continue;
            }
            ServicePort port = ports.get(n);
            String field = "spec.ports[" + n + "]";
            if (port.getProtocol() != null && !port.getProtocol().equalsIgnoreCase("TCP")) {
                warnings.add(new Warning(owner, Warning.INVALID_LABEL, owner + ": " + field + ": protocol " + port.getProtocol()
                        + " is not served (expected TCP: Gatehouse forwards HTTP and TCP only)"));
                continue;
            }
            ClusterName cluster = backends.resolve(owner, field, owner.namespace(),
                    new IngressServiceBackend(owner.name(), new ServiceBackendPort(null, port.getPort())));
            if (cluster != null) {
                serve(owner, owner.namespace(), appId, labels, cluster, port.getPort(), field + ".port");
            }
        }
    }

    private void marathonApp(MarathonApp app) {
        ObjectRef owner = new ObjectRef("MarathonApp", MarathonClusters.MARATHON_NAMESPACE, app.id().substring(1));
        Map<String, String> keys = app.labels();
        List<Integer> served = served(keys, app.ports().size());
        if (served.isEmpty()) {
            return;
        }
        refuseTemplates(owner, keys);
        for (int n : served) {
            MarathonApp.HealthCheck check = MarathonClusters.healthCheckOf(app, n);
            PortLabels labels = PortLabels.read(owner, keys, n, check != null && MarathonClusters.isHttp(check), warnings);
            if (labels.refused()) {
                continue;
            }
            MarathonApp.Port port = app.ports().get(n);
            if (port.protocol() != null && !port.protocol().toLowerCase(Locale.ROOT).contains("tcp")) {
                warnings.add(new Warning(owner, Warning.INVALID_LABEL, owner + ": port " + n + ": protocol " + port.protocol()
                        + " is not served (expected tcp: Gatehouse forwards HTTP and TCP only)"));
                continue;
            }
            serve(owner, null, app.id(), labels, marathon.cluster(owner, app, n, labels.http(), warnings), port.servicePort(),
                    "port " + n + " (service port " + port.servicePort() + ")");
        }
    }

    /** The indexes of the ports our groups serve. */
    private List<Integer> served(Map<String, String> keys, int ports) {
        List<Integer> served = new ArrayList<>();
        for (int n = 0; n < ports; n++) {
            if (PortLabels.served(keys, n, groups, strictMode)) {
                served.add(n);
            }
        }
        return served;
    }

    /**
     * Routes one port in our group.
     *
     * @param namespace   where the port's SSL_CERT Secret must be, or null when its value names the namespace
     * @param servicePort the port's own number, 0 for none
     * @param portField   where that number comes from, for messages
     */
    private void serve(ObjectRef owner, String namespace, String appId, PortLabels labels, ClusterName cluster, int servicePort,
                       String portField) {
        String name = owner.namespace() + "/" + owner.name() + " " + LabelKeys.PREFIX + labels.index();
        int listenPort = labels.port() != null ? labels.port() : servicePort;
        String backend = backendName(appId, listenPort);
        if (!labels.http()) {
            tcp(owner, labels, cluster, listenPort, labels.port() != null ? labels.key("PORT") : portField, name);
            return;
        }
        if (labels.hosts().isEmpty()) {
            warnings.add(new Warning(owner, Warning.INVALID_LABEL, owner + ": port " + labels.index() + " is in http mode without "
                    + "a usable " + labels.key("VHOST") + " (expected the hosts to route; Gatehouse serves HTTP on its own listeners, "
                    + "not on each service port)"));
            return;
        }
        int weight = labels.weight() == 0 && !labels.paths().isEmpty() ? 1 : labels.weight();
        String first = labels.hosts().get(0);
        RequestPolicy policy = RequestPolicy.DEFAULTS.withTls(labels.redirectToHttps() ? 301 : 0, labels.hsts() ? PortLabels.HSTS : null);
        RequestFilters filters = new RequestFilters(labels.allowedSources(), labels.auth(),
                labels.proxyPassPath() == null ? null : new PathRewrite(labels.proxyPassPath(), "/"),
                labels.proxyPassPath() == null ? null : first,
                labels.revProxyPath() == null ? null : new LocationRewrite(first, labels.revProxyPath()));
        RouteAction action = new RouteAction.Forward(cluster, policy, filters);
        List<PathMatch> matches = labels.paths().isEmpty() ? List.of(PathMatch.prefix("/"))
                : labels.paths().stream().map(path -> labels.ignoreCase() ? PathMatch.beginsIgnoringCase(path) : PathMatch.begins(path))
                        .toList();
        LabelPort port = new LabelPort(owner, appId, backend, namespace, labels.paths().isEmpty() && labels.auth() == null,
                labels.key("SSL_CERT"), labels.sslCert());
        for (String host : labels.hosts()) {
            for (PathMatch match : matches) {
                routes.add(new LabelRoute(port, HostPattern.of(host), new Route(name + " " + match, match, action, weight - PortLabels.MAX_WEIGHT - 1)));
            }
        }
    }

    /**
     * A TCP listener for a tcp-mode port. The keys that only mean something over HTTP are reported; AUTH refuses the
     * port, since serving it without would open what it meant to close.
     */
    private void tcp(ObjectRef owner, PortLabels labels, ClusterName cluster, int listenPort, String portField, String name) {
        if (labels.auth() != null) {
            warnings.add(new Warning(owner, Warning.INVALID_LABEL, owner + ": " + labels.key("AUTH") + " cannot be applied: the port "
                    + "is in tcp mode (expected " + labels.key("MODE") + "=http and a VHOST); the port is not served, rather than "
                    + "served without authentication"));
            return;
        }
        List<String> ignored = HTTP_ONLY.stream().filter(labels::has).map(labels::key).toList();
        if (!ignored.isEmpty()) {
            warnings.add(new Warning(owner, Warning.INVALID_LABEL, owner + ": " + String.join(", ", ignored) + (ignored.size() == 1
                    ? " is" : " are") + " ignored: the port is in tcp mode (expected " + labels.key("MODE") + "=http to route it by host)"));
        }
        if (listenPort < 1) {
            warnings.add(new Warning(owner, Warning.INVALID_LABEL, owner + ": port " + labels.index() + " has no service port "
                    + "(expected " + labels.key("PORT") + " to say where to listen in tcp mode)"));
            return;
        }
        tcp.add(new TcpClaim(owner, portField, new TcpListener(name, listenPort, cluster, false, false, labels.allowedSources())));
    }

    /** marathon-lb's backend name: the app id without its leading slash, slashes as underscores, then the service port. */
    static String backendName(String appId, int servicePort) {
        return appId.substring(1).replace('/', '_') + "_" + servicePort;
    }

    private void refuseTemplates(ObjectRef owner, Map<String, String> keys) {
        LabelKeys.portKeys(keys).keySet().stream().sorted().forEach(key -> {
            String name = LabelKeys.nameOf(key);
            if (LabelKeys.isTemplate(name)) {
                warnings.add(new Warning(owner, Warning.REFUSED_LABEL, owner + ": " + key + " is refused: it replaces a piece of "
                        + "marathon-lb's HAProxy configuration text, and Gatehouse has no configuration text (expected the typed keys "
                        + "of docs/labels.md instead)"));
            } else if (!LabelKeys.PORT_KEYS.contains(name)) {
                warnings.add(new Warning(owner, Warning.INVALID_LABEL, owner + ": " + key + " is not a key Gatehouse reads "
                        + "(expected one of " + String.join(", ", LabelKeys.PORT_KEYS) + " after HAPROXY_{n}_)"));
            }
        });
    }
}
