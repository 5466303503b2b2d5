package dev.gatehouse.controller.view;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Gateway API release the cluster's CRDs come from, as each CRD's {@code gateway.networking.k8s.io/bundle-version}
 * annotation says: the GatewayClass's {@code SupportedVersion} condition compares it with the releases Gatehouse reads.
 *
 * @param state          where the versions come from
 * @param bundleVersions each CRD read, by name, with its bundle version ("" when the annotation is missing)
 */
public record GatewayCrds(State state, Map<String, String> bundleVersions) {

    /** Where the versions come from. */
    public enum State {
        /** Standalone: no CRDs, the manifests' kinds are the model's. */
        NOT_A_CLUSTER,
        /** Read from the API server. */
        READ,
        /** The API server refused or failed to show them. */
        UNREADABLE
    }

    public static final GatewayCrds NOT_A_CLUSTER = new GatewayCrds(State.NOT_A_CLUSTER, Map.of());
    public static final GatewayCrds UNREADABLE = new GatewayCrds(State.UNREADABLE, Map.of());

    public GatewayCrds {
        bundleVersions = Collections.unmodifiableMap(new TreeMap<>(bundleVersions));
    }
}
