package dev.gatehouse.controller.translate.gateway;

/**
 * Which GatewayClasses are ours and where their listeners are served.
 *
 * @param controllerName the {@code spec.controllerName} of our GatewayClasses ({@code --gateway-controller-name})
 * @param httpPort       the proxy's HTTP port: listeners of protocol HTTP are served when their port maps to it
 * @param httpsPort      the proxy's HTTPS port: listeners of protocol HTTPS are served when their port maps to it
 */
public record GatewaySettings(String controllerName, int httpPort, int httpsPort) {

    public static final String DEFAULT_CONTROLLER_NAME = "gatehouse.dev/gateway-controller";
    public static final GatewaySettings DEFAULTS = new GatewaySettings(DEFAULT_CONTROLLER_NAME, 8080, 8443);

    public GatewaySettings {
        if (controllerName == null || !controllerName.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?/[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+")) {
            throw new IllegalArgumentException("gateway controller name \"" + controllerName
                    + "\" must be a domain-prefixed path (expected e.g. " + DEFAULT_CONTROLLER_NAME + ")");
        }
    }

    /**
     * The proxy port a listener's port is served on: the port itself from 1024, else port + 8000, so that 80 and 443
     * are the default HTTP and HTTPS ports and the Deployment's Service keeps mapping 80 and 443.
     */
    public static int servedPort(int listenerPort) {
        return listenerPort >= 1024 ? listenerPort : listenerPort + 8000;
    }
}
