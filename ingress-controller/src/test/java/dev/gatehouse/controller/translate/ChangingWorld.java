package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.tls.testing.TestCertificates;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates.KeyType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A cluster of a few hundred Ingresses and the Services, EndpointSlices, Secrets and ConfigMaps they name, changed one
 * object at a time at random (from a seed, so a failure can be replayed). Ingresses share a small pool of hosts and paths,
 * so they conflict, and carry the annotations that reach across Ingresses (regex hosts, canaries, aliases, www
 * redirects, default backends, upstream settings) and those that name other objects. Objects carry a uid and a
 * resourceVersion, as from the API server, or neither, as from a manifest file.
 */
final class ChangingWorld {

    static final String CONFIG = "a/gatehouse-config";
    private static final Issued CA = TestCertificates.ca("Test CA");
    private static final Issued CERTIFICATE = TestCertificates.issue(CA, KeyType.EC, "*.example.com", "h1.example.com");
    private static final String[] NAMESPACES = {"a", "b"};
    private static final String[] PATHS = {"/", "/a", "/b", "/api/(.*)", "/a/b"};
    private static final String[] PATH_TYPES = {"Prefix", "Exact", "ImplementationSpecific"};

    private final Random random;
    private final boolean versioned;
    // whether Ingresses keep to their hosts and clusters (LocalChanges), but for the few that changeAcrossHosts puts
    private final boolean plain;
    private boolean across;
    private final int ingressCount;
    private final Map<String, HasMetadata> objects = new TreeMap<>();
    private long resourceVersion;
    private int uid;

    ChangingWorld(long seed, boolean versioned, int ingresses) {
        this(seed, versioned, ingresses, false);
    }

    /** @param plain Ingresses without what reaches across Ingresses or hosts: no canary, TLS, alias, default backend... */
    ChangingWorld(long seed, boolean versioned, int ingresses, boolean plain) {
        this.random = new Random(seed);
        this.versioned = versioned;
        this.plain = plain;
        this.ingressCount = ingresses;
        for (String namespace : NAMESPACES) {
            for (int s = 0; s < 20; s++) {
                put(service(namespace, s));
                put(slice(namespace, s));
            }
            for (int k = 0; k < 6; k++) {
                put(secret(namespace, "tls-" + k));
                put(secret(namespace, "auth-" + k));
                put(headers(namespace, k));
            }
        }
        for (int i = 0; i < ingresses; i++) {
            put(ingress(i));
        }
        put(config("1m"));
        put(ingressClass(false));
    }

    ClusterView view() {
        List<HasMetadata> all = new ArrayList<>(objects.values());
        return ClusterView.of(all);
    }

    /** Changes one object at random and says which. */
    String change() {
        int what = random.nextInt(12);
        String namespace = NAMESPACES[random.nextInt(NAMESPACES.length)];
        return switch (what) {
            case 0, 1, 2, 3 -> put(ingress(random.nextInt(ingressCount)));
            case 4 -> remove("Ingress", "a", "ing" + random.nextInt(ingressCount), "b", "ing" + random.nextInt(ingressCount));
            case 5 -> touch("Ingress", random.nextInt(ingressCount));
            case 6 -> put(service(namespace, random.nextInt(20)));
            case 7 -> remove("Service", namespace, "svc" + random.nextInt(20), namespace, "svc" + random.nextInt(20));
            case 8 -> put(slice(namespace, random.nextInt(20)));
            case 9 -> put(secret(namespace, (random.nextBoolean() ? "tls-" : "auth-") + random.nextInt(6)));
            case 10 -> remove("Secret", namespace, "auth-" + random.nextInt(6), namespace, "tls-" + random.nextInt(6));
            default -> put(headers(namespace, random.nextInt(6)));
        };
    }

    /** Changes one Ingress at random (replaced, removed or touched) and says which. */
    String changeIngress() {
        int what = random.nextInt(6);
        return switch (what) {
            case 0, 1, 2 -> put(ingress(random.nextInt(ingressCount)));
            case 3 -> remove("Ingress", "a", "ing" + random.nextInt(ingressCount), "b", "ing" + random.nextInt(ingressCount));
            case 4 -> touch("Ingress", random.nextInt(ingressCount));
            default -> put(ingress(ingressCount + random.nextInt(ingressCount)));
        };
    }

    /** Replaces Ingress {@code i} with one that may carry anything that reaches across Ingresses or hosts. */
    String changeAcrossHosts(int i) {
        across = true;
        try {
            return put(ingress(i));
        } finally {
            across = false;
        }
    }

    /** Replaces Ingress {@code i} with a new one of the world's kind. */
    String replaceIngress(int i) {
        return put(ingress(i));
    }

    /** Changes the global ConfigMap's body size. */
    String changeConfig(String bodySize) {
        return put(config(bodySize));
    }

    /** Changes our IngressClass: whether it asks ACME for every Ingress's certificates. */
    String changeIngressClass(boolean acme) {
        return put(ingressClass(acme));
    }

    /** Replaces Ingress {@code i} with one of a single path on a host of its own. */
    String isolate(int i) {
        String namespace = NAMESPACES[i % NAMESPACES.length];
        return put(new IngressBuilder().withMetadata(meta(namespace, "ing" + i)).withNewSpec().withIngressClassName("gatehouse")
                .withRules(new IngressRuleBuilder().withHost("own" + i + ".example.org").withNewHttp()
                        .withPaths(path("/", "Prefix", "svc0", random.nextBoolean())).endHttp().build())
                .endSpec().build());
    }

    private String put(HasMetadata object) {
        objects.put(key(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName()), object);
        return "put " + object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    /** Removes one of two objects when present: it comes back with a later change. */
    private String remove(String kind, String namespace, String name, String otherNamespace, String otherName) {
        String removed = objects.remove(key(kind, namespace, name)) != null ? namespace + "/" + name
                : objects.remove(key(kind, otherNamespace, otherName)) != null ? otherNamespace + "/" + otherName : "nothing";
        return "remove " + kind + " " + removed;
    }

    /** A new version of an Ingress with the same content, as after a status update. */
    private String touch(String kind, int i) {
        String key = objects.keySet().stream().filter(k -> k.startsWith(kind + " ") && k.endsWith("/ing" + i)).findFirst().orElse(null);
        if (key == null) {
            return "touch nothing";
        }
        Ingress ingress = (Ingress) objects.get(key);
        Ingress touched = new IngressBuilder(ingress).withMetadata(new ObjectMetaBuilder(ingress.getMetadata())
                .withResourceVersion(versioned ? Long.toString(++resourceVersion) : null).build()).build();
        objects.put(key, touched);
        return "touch " + key;
    }

    private static String key(String kind, String namespace, String name) {
        return kind + " " + namespace + "/" + name;
    }

    private ObjectMeta meta(String namespace, String name) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withNamespace(namespace).withName(name)
                .withCreationTimestamp("2026-01-0" + (1 + random.nextInt(4)) + "T00:00:00Z");
        if (versioned) {
            HasMetadata existing = objects.values().stream()
                    .filter(o -> Objects.equals(namespace, o.getMetadata().getNamespace()) && name.equals(o.getMetadata().getName()))
                    .findFirst().orElse(null);
            // a deleted and created object has a new uid; a changed one keeps it
            meta.withUid(existing != null && random.nextInt(10) > 0 ? existing.getMetadata().getUid() : "uid-" + ++uid)
                    .withResourceVersion(Long.toString(++resourceVersion));
        }
        return meta.build();
    }

    private Ingress ingress(int i) {
        String namespace = NAMESPACES[i % NAMESPACES.length];
        Map<String, String> annotations = new LinkedHashMap<>();
        Function<String, String> n = key -> "nginx.ingress.kubernetes.io/" + key;
        if (plain && !across) {
            return plainIngress(namespace, i, annotations, n);
        }
        maybe(0.05, () -> annotations.put(n.apply("use-regex"), "true"));
        maybe(0.04, () -> annotations.put(n.apply("rewrite-target"), "/$1"));
        maybe(0.08, () -> {
            annotations.put(n.apply("canary"), "true");
            annotations.put(n.apply("canary-weight"), "20");
        });
        maybe(0.05, () -> annotations.put(n.apply("server-alias"), "alias" + random.nextInt(4) + ".example.com"));
        maybe(0.06, () -> annotations.put(n.apply("from-to-www-redirect"), "true"));
        maybe(0.04, () -> annotations.put(n.apply("app-root"), "/app"));
        maybe(0.05, () -> {
            annotations.put(n.apply("default-backend"), "svc" + random.nextInt(22));
            annotations.put(n.apply("custom-http-errors"), "503");
        });
        maybe(0.06, () -> annotations.put(n.apply("custom-headers"), "headers-" + random.nextInt(7)));
        maybe(0.06, () -> {
            annotations.put(n.apply("auth-type"), "basic");
            annotations.put(n.apply("auth-secret"), "auth-" + random.nextInt(7));
        });
        maybe(0.08, () -> annotations.put(n.apply("load-balance"), random.nextBoolean() ? "ewma" : "round_robin"));
        maybe(0.05, () -> annotations.put(n.apply("ssl-redirect"), "false"));
        maybe(0.05, () -> annotations.put("kubernetes.io/tls-acme", "true"));
        List<IngressRule> rules = new ArrayList<>();
        int ruleCount = 1 + random.nextInt(2);
        for (int r = 0; r < ruleCount; r++) {
            List<HTTPIngressPath> paths = new ArrayList<>();
            int pathCount = 1 + random.nextInt(2);
            for (int p = 0; p < pathCount; p++) {
                paths.add(path(PATHS[random.nextInt(PATHS.length)], PATH_TYPES[random.nextInt(PATH_TYPES.length)],
                        "svc" + random.nextInt(22), random.nextBoolean()));
            }
            rules.add(new IngressRuleBuilder().withHost(host()).withNewHttp().withPaths(paths).endHttp().build());
        }
        IngressBuilder ingress = new IngressBuilder().withMetadata(meta(namespace, "ing" + i)).editMetadata()
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withIngressClassName(random.nextInt(20) == 0 ? "other" : "gatehouse").withRules(rules).endSpec();
        maybe(0.04, () -> ingress.editSpec().withNewDefaultBackend().withNewService().withName("svc" + random.nextInt(22))
                .withNewPort().withNumber(80).endPort().endService().endDefaultBackend().endSpec());
        maybe(0.15, () -> ingress.editSpec().addNewTl().withHosts(rules.get(0).getHost()).withSecretName("tls-" + random.nextInt(7))
                .endTl().endSpec());
        return ingress.build();
    }

    /** An Ingress whose rules are its whole part: what it routes is decided on its hosts and clusters alone. */
    private Ingress plainIngress(String namespace, int i, Map<String, String> annotations, Function<String, String> n) {
        maybe(0.06, () -> annotations.put(n.apply("app-root"), "/app"));
        maybe(0.08, () -> annotations.put(n.apply("custom-headers"), "headers-" + random.nextInt(7)));
        maybe(0.08, () -> {
            annotations.put(n.apply("auth-type"), "basic");
            annotations.put(n.apply("auth-secret"), "auth-" + random.nextInt(7));
        });
        maybe(0.08, () -> annotations.put(n.apply("ssl-redirect"), "false"));
        maybe(0.08, () -> annotations.put(n.apply("proxy-body-size"), "2m"));
        List<IngressRule> rules = new ArrayList<>();
        int ruleCount = 1 + random.nextInt(2);
        for (int r = 0; r < ruleCount; r++) {
            List<HTTPIngressPath> paths = new ArrayList<>();
            int pathCount = 1 + random.nextInt(3);
            for (int p = 0; p < pathCount; p++) {
                paths.add(path(PATHS[random.nextInt(PATHS.length)], PATH_TYPES[random.nextInt(2)], "svc" + random.nextInt(22),
                        random.nextBoolean()));
            }
            rules.add(new IngressRuleBuilder().withHost(host()).withNewHttp().withPaths(paths).endHttp().build());
        }
        return new IngressBuilder().withMetadata(meta(namespace, "ing" + i)).editMetadata().withAnnotations(annotations).endMetadata()
                .withNewSpec().withIngressClassName(random.nextInt(20) == 0 ? "other" : "gatehouse").withRules(rules).endSpec()
                .build();
    }

    private String host() {
        int pick = random.nextInt(30);
        return pick < 22 ? "h" + pick + ".example.com" : pick < 25 ? "www.h" + pick + ".example.com"
                : pick < 27 ? "*.w.example.com" : pick < 29 ? "" : "bad_host";
    }

    private static HTTPIngressPath path(String path, String pathType, String service, boolean byName) {
        return new HTTPIngressPathBuilder().withPath(path).withPathType(pathType).withNewBackend().withNewService().withName(service)
                .withNewPort().withName(byName ? "http" : null).withNumber(byName ? null : 80).endPort().endService().endBackend().build();
    }

    private Service service(String namespace, int s) {
        int variant = random.nextInt(4);
        return new ServiceBuilder().withMetadata(meta(namespace, "svc" + s)).withNewSpec()
                .addNewPort().withName(variant == 2 ? "web" : "http").withPort(variant == 1 ? 8080 : 80)
                .withAppProtocol(variant == 3 ? "h2c" : null).endPort()
                .withClusterIP("10.96.0." + (s + 1)).endSpec().build();
    }

    private EndpointSlice slice(String namespace, int s) {
        EndpointSliceBuilder slice = new EndpointSliceBuilder().withMetadata(meta(namespace, "svc" + s + "-x")).editMetadata()
                .addToLabels(BackendResolver.SERVICE_NAME_LABEL, "svc" + s).endMetadata()
                .withAddressType("IPv4").addNewPort().withName(random.nextInt(5) == 0 ? "other" : "http").withPort(8080).endPort();
        int endpoints = random.nextInt(3);
        for (int e = 0; e < endpoints; e++) {
            slice.addNewEndpoint().withAddresses("10.1." + s + "." + (e + 1)).withNewConditions().withReady(random.nextInt(4) > 0)
                    .endConditions().endEndpoint();
        }
        return slice.build();
    }

    private Secret secret(String namespace, String name) {
        SecretBuilder secret = new SecretBuilder().withMetadata(meta(namespace, name));
        if (name.startsWith("tls-")) {
            return random.nextInt(4) == 0 ? secret.withType("Opaque").addToStringData("tls.crt", "x").build()
                    : secret.withType(TlsSecrets.TLS_TYPE).addToStringData("tls.crt", CERTIFICATE.certificatePem())
                    .addToStringData("tls.key", CERTIFICATE.pkcs8()).build();
        }
        return secret.withType("Opaque").addToStringData("auth", random.nextBoolean() ? "user:{PLAIN}secret" : "not a password file")
                .build();
    }

    private ConfigMap headers(String namespace, int k) {
        return new ConfigMapBuilder().withMetadata(meta(namespace, "headers-" + k)).addToData("X-Team", "team" + random.nextInt(3))
                .build();
    }

    private ConfigMap config(String bodySize) {
        String[] parts = CONFIG.split("/");
        return new ConfigMapBuilder().withMetadata(meta(parts[0], parts[1])).addToData("proxy-body-size", bodySize).build();
    }

    private IngressClass ingressClass(boolean acme) {
        IngressClassBuilder ingressClass = new IngressClassBuilder().withMetadata(meta(null, "gatehouse"))
                .withNewSpec().withController(TranslatorSettings.DEFAULT_CONTROLLER_CLASS).endSpec();
        if (acme) {
            ingressClass.editMetadata().addToAnnotations("gatehouse.dev/tls-acme", "true").endMetadata();
        }
        return ingressClass.build();
    }

    private void maybe(double chance, Runnable action) {
        if (random.nextDouble() < chance) {
            action.run();
        }
    }
}
