package dev.gatehouse.controller.translate;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Routes Services and Marathon apps by marathon-lb's keys ({@code HAPROXY_GROUP}, {@code HAPROXY_{n}_VHOST},
 * ...; see docs/labels.md), with {@code {n}} the index of the port. A port in our group is served in http
 * mode as routes on its VHOST hosts, or in tcp mode as a TCP listener on its port.
 *
 * <p>Services take part only when a key names a group (so that {@code --group '*'} does not publish every
 * Service of the cluster); Marathon apps always do, as with marathon-lb. Services are read oldest first,
 * then Marathon apps by id, which decides conflicts among them; the caller puts Ingress rules first.
 */
final class LabelTranslator {

    /** The largest BACKEND_WEIGHT, either sign: label routes keep priorities below every Ingress rule's 0. */
    static final int MAX_WEIGHT = 1_000_000;
    static final String MARATHON_NAMESPACE = "marathon";

    private final TranslatorSettings settings;
    private final BackendResolver backends;
    private final MarathonClusters marathon;
    private final TlsSecrets tls;
    private final List<Warning> warnings;
    private final List<LabelRoute> routes = new ArrayList<>();
    private final List<TcpClaim> tcp = new ArrayList<>();
    private final List<String> vhostMap = new ArrayList<>();
    private final List<String> appMap = new ArrayList<>();
    private final Map<String, List<String>> serviceHosts = new HashMap<>();

    LabelTranslator(TranslatorSettings settings, BackendResolver backends, MarathonClusters marathon, TlsSecrets tls,
                    List<Warning> warnings) {
        this.settings = settings;
        this.backends = backends;
        this.marathon = marathon;
        this.tls = tls;
        this.warnings = warnings;
    }

    /** A label route and who asked for it. */
    record LabelRoute(ObjectRef owner, HostPattern host, Route route) {
    }

    /** A TCP listener and who asked for it. */
    record TcpClaim(ObjectRef owner, String field, TcpListener listener) {
    }

    /** What the labels of the view route. */
    record Result(List<LabelRoute> routes, List<TcpClaim> tcp, LabelMaps maps) {
    }

    Result translate(ClusterView view) {
        for (Service service : Metadata.byAge(view.services())) {
            Map<String, String> keys = keys(service);
            if (LabelKeys.namesGroup(keys)) {
                service(service, keys);
            }
        }
        view.marathonApps().stream().sorted(Comparator.comparing(MarathonApp::id)).forEach(this::marathonApp);
        return new Result(List.copyOf(routes), List.copyOf(tcp), new LabelMaps(vhostMap, appMap, serviceHosts));
    }

    /** Labels, then annotations over them: annotations win, and only they can hold commas and slashes. */
    static Map<String, String> keys(Service service) {
        Map<String, String> keys = new HashMap<>();
        if (service.getMetadata().getLabels() != null) {
            keys.putAll(service.getMetadata().getLabels());
        }
        if (service.getMetadata().getAnnotations() != null) {
            keys.putAll(service.getMetadata().getAnnotations());
        }
        return keys;
    }

    private void service(Service service, Map<String, String> keys) {
        ObjectRef owner = ObjectRef.of(service);
        refuseTemplates(owner, keys);
        List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null ? List.of()
                : service.getSpec().getPorts();
        String appId = "/" + owner.namespace() + "/" + owner.name();
        boolean mapped = false;
        for (int n = 0; n < ports.size(); n++) {
            PortLabels labels = PortLabels.read(owner, keys, n, false, warnings);
            if (!labels.inGroup(settings.group(), settings.strictMode())) {
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
            if (cluster == null) {
                continue;
            }
            String backend = backendName(appId, labels.port() != null ? labels.port() : port.getPort());
            mapped |= serve(owner, owner.namespace(), appId, labels, cluster, port.getPort(), backend, !mapped);
        }
    }

    private void marathonApp(MarathonApp app) {
        ObjectRef owner = new ObjectRef("MarathonApp", MARATHON_NAMESPACE, app.id().substring(1));
        Map<String, String> keys = app.labels();
        refuseTemplates(owner, keys);
        boolean mapped = false;
        for (int n = 0; n < app.ports().size(); n++) {
            MarathonApp.HealthCheck check = MarathonClusters.healthCheckOf(app, n);
            PortLabels labels = PortLabels.read(owner, keys, n, check != null && MarathonClusters.isHttp(check), warnings);
            if (!labels.inGroup(settings.group(), settings.strictMode())) {
                continue;
            }
            MarathonApp.Port port = app.ports().get(n);
            if (port.protocol() != null && !port.protocol().toLowerCase(Locale.ROOT).contains("tcp")) {
                warnings.add(new Warning(owner, Warning.INVALID_LABEL, owner + ": port " + n + ": protocol " + port.protocol()
                        + " is not served (expected tcp: Gatehouse forwards HTTP and TCP only)"));
                continue;
            }
            ClusterName cluster = marathon.cluster(owner, app, n, labels.http(), warnings);
            String backend = backendName(app.id(), labels.port() != null ? labels.port() : port.servicePort());
            mapped |= serve(owner, null, app.id(), labels, cluster, port.servicePort(), backend, !mapped);
        }
    }

    /**
     * Routes one port in our group.
     *
     * @param namespace   where the port's SSL_CERT Secret must be, or null when its value names the namespace
     * @param servicePort the port's own number, 0 for none
     * @param firstHttp   whether no earlier http port of the app went to the app map
     * @return whether this port went to the app map
     */
    private boolean serve(ObjectRef owner, String namespace, String appId, PortLabels labels, ClusterName cluster, int servicePort,
                          String backend, boolean firstHttp) {
        String key = "HAPROXY_" + labels.index() + "_";
        if (!labels.http()) {
            if (!labels.hosts().isEmpty()) {
                warnings.add(new Warning(owner, Warning.INVALID_LABEL, owner + ": " + key + "VHOST is ignored: the port is in tcp mode "
                        + "(expected " + key + "MODE=http to route it by host)"));
            }
            int listenPort = labels.port() != null ? labels.port() : servicePort;
            if (listenPort < 1) {
                warnings.add(new Warning(owner, Warning.INVALID_LABEL, owner + ": port " + labels.index() + " has no service port "
                        + "(expected " + key + "PORT to say where to listen in tcp mode)"));
                return false;
            }
            tcp.add(new TcpClaim(owner, key + "PORT", new TcpListener(owner.namespace() + "/" + owner.name() + " "
                    + key.substring(0, key.length() - 1), listenPort, cluster, false, false, labels.allowedSources())));
            return false;
        }
        if (labels.hosts().isEmpty()) {
            if (!labels.refused()) {
                warnings.add(new Warning(owner, Warning.INVALID_LABEL, owner + ": port " + labels.index() + " is in http mode without "
                        + "a usable " + key + "VHOST (expected the hosts to route; Gatehouse serves HTTP on its own listeners, not on "
                        + "each service port)"));
            }
            return false;
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
                : labels.paths().stream().map(PathMatch::begins).toList();
        for (String host : labels.hosts()) {
            for (PathMatch match : matches) {
                routes.add(new LabelRoute(owner, HostPattern.of(host), new Route(owner.namespace() + "/" + owner.name() + " "
                        + key.substring(0, key.length() - 1) + " " + match, match, action, weight - MAX_WEIGHT - 1)));
            }
        }
        if (namespace != null) {
            serviceHosts.computeIfAbsent(owner.namespace() + "/" + owner.name(), k -> new ArrayList<>()).addAll(labels.hosts());
        }
        if (labels.sslCert() != null) {
            tls.checkNamed(owner, key + "SSL_CERT", namespace, labels.sslCert(), labels.hosts(), warnings);
        }
        if (labels.paths().isEmpty() && labels.auth() == null) {
            labels.hosts().forEach(host -> vhostMap.add(host + " " + backend));
        }
        if (firstHttp) {
            appMap.add(appId + " " + backend);
            return true;
        }
        return false;
    }

    /** marathon-lb's backend name: the app id without its leading slash, slashes as underscores, then the service port. */
    static String backendName(String appId, int servicePort) {
        return appId.substring(1).replace('/', '_') + "_" + servicePort;
    }

    private void refuseTemplates(ObjectRef owner, Map<String, String> keys) {
        LabelKeys.portKeys(keys).keySet().stream().sorted().forEach(key -> {
            String name = LabelKeys.nameOf(key);
            if (LabelKeys.TEMPLATE_KEYS.contains(name)) {
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
