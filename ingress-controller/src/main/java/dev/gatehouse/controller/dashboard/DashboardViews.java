package dev.gatehouse.controller.dashboard;

import dev.gatehouse.cloudlb.reconciler.LoadBalancerLog;
import dev.gatehouse.controller.acme.AcmeController;
import dev.gatehouse.controller.dns.DnsController;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.gateway.GatewayStatuses;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.proxy.ProxyServer;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * The controller's JSON views on the admin port, documented in docs/observability.md:
 * {@code /api/v1/status} (mode, leadership, sources and whether each is stale, problem count),
 * {@code /api/v1/problems}, {@code /api/v1/certificates}, {@code /api/v1/sync}, {@code /api/v1/origins} and
 * {@code /api/v1/gateway} (the Gateway API conditions, which {@code /routes} also shows as its {@code gatewayApi}).
 * The runtime hands it each translation and the optional parts it has; the views read them at each request.
 */
public final class DashboardViews {

    private final ProxyServer proxy;
    private final Clock clock;
    private final String mode;
    private final BooleanSupplier leader;
    private final ProblemBoard problems;
    private final List<Source> sources = new CopyOnWriteArrayList<>();
    private volatile List<Warning> translationWarnings = List.of();
    // worked out when asked for, not on every rebuild: at 10,000 Ingresses it costs more than a local translation
    private volatile RouteOrigins.Lazy origins = RouteOrigins.Lazy.NONE;
    private volatile GatewayStatuses gateway = GatewayStatuses.NONE;
    private volatile AcmeController acme;
    private volatile DnsController dns;
    private volatile LoadBalancerLog loadBalancers;

    private DashboardViews(ProxyServer proxy, Clock clock, String mode, BooleanSupplier leader) {
        this.proxy = proxy;
        this.clock = clock;
        this.mode = mode;
        this.leader = leader;
        this.problems = new ProblemBoard(clock);
    }

    /**
     * Registers the views on {@code proxy}'s admin port.
     *
     * @param mode   {@code standalone} or {@code cluster}
     * @param leader whether this replica does the leader's work (always, standalone)
     */
    public static DashboardViews serve(ProxyServer proxy, Clock clock, String mode, BooleanSupplier leader) {
        DashboardViews views = new DashboardViews(proxy, clock, mode, leader);
        proxy.serveAdminJson("/api/v1/status", views::status);
        proxy.serveAdminJson("/api/v1/problems", () -> {
            views.refreshProblems();
            return Map.of("problems", views.problems.rows());
        });
        proxy.serveAdminJson("/api/v1/certificates", views::certificates);
        proxy.serveAdminJson("/api/v1/sync", views::sync);
        proxy.serveAdminJson("/api/v1/origins", () -> views.origins.get());
        proxy.serveAdminJson("/api/v1/gateway", () -> GatewayConditionRows.of(views.gateway));
        proxy.addToRoutes("gatewayApi", () -> GatewayConditionRows.of(views.gateway));
        return views;
    }

    /**
     * A source of objects, shown with whether it is stale.
     *
     * @param detail       where it reads (a directory, an API server, Marathon URLs)
     * @param staleSeconds how long it has failed to read (0 while it is current)
     */
    public DashboardViews source(String name, String detail, DoubleSupplier staleSeconds) {
        sources.add(new Source(name, detail, staleSeconds));
        return this;
    }

    /** Where URLs point, without their user information, path or query, which may carry credentials. */
    public static String addresses(List<URI> urls) {
        return String.join(", ", urls.stream().map(url -> url.getScheme() + "://" + url.getHost()
                + (url.getPort() > 0 ? ":" + url.getPort() : "")).toList());
    }

    public DashboardViews acme(AcmeController controller) {
        this.acme = controller;
        return this;
    }

    public DashboardViews dns(DnsController controller) {
        this.dns = controller;
        return this;
    }

    public DashboardViews loadBalancers(LoadBalancerLog log) {
        this.loadBalancers = log;
        return this;
    }

    /** After each rebuild: the translation's warnings, where its routes come from, and the Gateway API conditions. */
    public void translated(Translation translation) {
        translationWarnings = translation.warnings();
        origins = new RouteOrigins.Lazy(translation);
        gateway = translation.gateway();
        refreshProblems();
    }

    /** The translator's warnings and the ACME and DNS controllers' problems, as their Events say them. */
    public void refreshProblems() {
        List<Warning> all = new ArrayList<>(translationWarnings);
        AcmeController ordering = acme;
        if (ordering != null) {
            all.addAll(ordering.problems());
        }
        DnsController publishing = dns;
        if (publishing != null) {
            all.addAll(publishing.problems());
        }
        problems.update(all);
    }

    private Map<String, Object> status() {
        refreshProblems();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", mode);
        root.put("leader", leader.getAsBoolean());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Source source : sources) {
            double stale = source.staleSeconds().getAsDouble();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", source.name());
            row.put("detail", source.detail());
            row.put("stale", stale > 0);
            row.put("staleSeconds", Math.round(stale * 10) / 10.0);
            rows.add(row);
        }
        root.put("sources", rows);
        root.put("problems", problems.size());
        return root;
    }

    private Map<String, Object> certificates() {
        AcmeController ordering = acme;
        return Map.of("certificates", CertificateRows.rows(proxy.snapshot().tls(),
                ordering == null ? Map.of() : ordering.orderStates(), clock.instant()));
    }

    private Map<String, Object> sync() {
        Map<String, Object> root = new LinkedHashMap<>();
        DnsController publishing = dns;
        if (publishing != null) {
            DnsController.LastRun run = publishing.lastRun();
            DnsController.LastRun changes = publishing.lastChanges();
            Map<String, Object> dnsView = new LinkedHashMap<>();
            dnsView.put("provider", "DNS sync");
            dnsView.put("lastRun", run == null ? null : run.at().toString());
            dnsView.put("error", run == null ? null : run.error());
            dnsView.put("planAt", changes == null ? null : changes.at().toString());
            dnsView.put("plan", changes == null ? List.of() : DnsPlanRows.rows(changes.plans()));
            root.put("dns", dnsView);
        } else {
            root.put("dns", null);
        }
        LoadBalancerLog balancers = loadBalancers;
        root.put("loadBalancers", balancers == null ? null : balancers.entries().stream().map(entry -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("service", entry.service());
            row.put("address", entry.address());
            row.put("lastOperation", entry.operation());
            row.put("at", entry.at().toString());
            return row;
        }).toList());
        return root;
    }

    private record Source(String name, String detail, DoubleSupplier staleSeconds) {
    }
}
