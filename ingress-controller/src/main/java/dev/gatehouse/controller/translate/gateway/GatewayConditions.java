package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.view.GatewayCrds;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import java.util.List;

/** The conditions of one of our GatewayClasses and of one of our Gateways as a whole (a listener's are its own). */
final class GatewayConditions {

    private GatewayConditions() {
    }

    /** Accepted, then SupportedVersion; a class with {@code parametersRef} is not accepted, since none is read. */
    static List<Condition> ofClass(GatewayClass gatewayClass, GatewayCrds crds) {
        boolean parameters = gatewayClass.getSpec().getParametersRef() != null;
        return List.of(Conditions.of(gatewayClass, Conditions.ACCEPTED, !parameters, parameters ? "InvalidParameters" : "Accepted",
                        parameters ? "parametersRef is not read (expected none)" : "Gatehouse serves the Gateways of this class"),
                SupportedVersion.of(gatewayClass, crds));
    }

    /**
     * Accepted and Programmed: a Gateway is accepted while one of its listeners is served, and says which are not
     * ({@code ListenersNotValid}, as the specification asks when some are conflicted or invalid).
     */
    static List<Condition> of(Gateway gateway, List<ListenerState> states) {
        boolean addresses = gateway.getSpec().getAddresses() != null && !gateway.getSpec().getAddresses().isEmpty();
        long served = states.stream().filter(ListenerState::served).count();
        Condition accepted;
        if (addresses) {
            accepted = Conditions.of(gateway, Conditions.ACCEPTED, false, "UnsupportedAddress",
                    "spec.addresses is not served (the Gateway's address is the Gatehouse Service's)");
        } else if (served == states.size()) {
            accepted = Conditions.of(gateway, Conditions.ACCEPTED, true, "Accepted", "every listener is valid");
        } else {
            accepted = Conditions.of(gateway, Conditions.ACCEPTED, served > 0, "ListenersNotValid", "listener(s) "
                    + states.stream().filter(s -> !s.served()).map(ListenerState::name).toList() + " are not served"
                    + (served > 0 ? ", listener(s) " + states.stream().filter(ListenerState::served).map(ListenerState::name).toList()
                            + " are" : ""));
        }
        Condition programmed = Conditions.of(gateway, Conditions.PROGRAMMED, served > 0, served > 0 ? "Programmed" : "Invalid",
                served > 0 ? served + " listener(s) in the proxy's routing" : "no listener is served");
        return List.of(accepted, programmed);
    }
}
