package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.view.GatewayCrds;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GatewayClass's {@code SupportedVersion} condition: whether the release of the cluster's Gateway API CRDs (their
 * {@code gateway.networking.k8s.io/bundle-version} annotation) is one Gatehouse reads. The specification asks for False
 * when a CRD has no such annotation or an unrecognised version; Gatehouse then serves the class on a best-effort basis
 * (Accepted stays True), which the specification allows. Standalone there are no CRDs: the manifests are read with the
 * model's own kinds, so it is True.
 */
final class SupportedVersion {

    static final String TYPE = "SupportedVersion";
    /** The releases read: every v1 minor up to the one fabric8's model (kubernetes-model-gatewayapi 8.0) is of. */
    static final int NEWEST_MINOR = 6;
    private static final Pattern RELEASE = Pattern.compile("v1\\.(\\d{1,4})\\.\\d+(-[0-9A-Za-z.-]+)?");

    private SupportedVersion() {
    }

    static Condition of(GatewayClass gatewayClass, GatewayCrds crds) {
        return switch (crds.state()) {
            case NOT_A_CLUSTER -> Conditions.of(gatewayClass, TYPE, true, "SupportedVersion",
                    "standalone: the manifests are read as Gateway API v1." + NEWEST_MINOR);
            case UNREADABLE -> Conditions.of(gatewayClass, TYPE, false, "UnsupportedVersion",
                    "the Gateway API CRDs could not be read to learn their version (grant get on them)");
            case READ -> {
                List<String> unsupported = new ArrayList<>();
                for (Map.Entry<String, String> crd : crds.bundleVersions().entrySet()) {
                    if (!supported(crd.getValue())) {
                        unsupported.add(crd.getKey() + " " + (crd.getValue().isEmpty() ? "has no bundle-version annotation" : "is "
                                + crd.getValue()));
                    }
                }
                yield unsupported.isEmpty()
                        ? Conditions.of(gatewayClass, TYPE, true, "SupportedVersion", "the Gateway API CRDs are of " + crds.bundleVersions()
                                .values().stream().distinct().toList())
                        : Conditions.of(gatewayClass, TYPE, false, "UnsupportedVersion", String.join("; ", unsupported)
                                + " (expected v1.0 to v1." + NEWEST_MINOR + "; served on a best-effort basis)");
            }
        };
    }

    static boolean supported(String bundleVersion) {
        Matcher release = RELEASE.matcher(bundleVersion);
        return release.matches() && Integer.parseInt(release.group(1)) <= NEWEST_MINOR;
    }
}
