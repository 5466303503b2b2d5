package dev.gatehouse.controller.marathon;

import java.util.List;

/**
 * How an app's tasks are reached, which decides where its ports come from and which address and port a
 * task takes traffic on. Marathon 1.5 and later say it in {@code networks[].mode}; older versions in
 * {@code container.docker.network} and, for IP-per-task, in the presence of {@code ipAddress}.
 */
enum Networking {

    /** The agent's network: ports from {@code portDefinitions}; the task's {@code host} and {@code ports}. */
    HOST,
    /** Docker bridge: ports from the port mappings; the task's {@code host} and {@code ports} (its host ports). */
    BRIDGE,
    /** A container network, one IP per task: the task's own IP address and the mappings' container ports. */
    CONTAINER;

    static Networking of(Field app) {
        List<Field> networks = app.get("networks").elements();
        if (!networks.isEmpty()) {
            // Marathon rejects apps that mix modes; the last one speaks for all, as in marathon-lb
            Field mode = networks.get(networks.size() - 1).get("mode");
            return switch (mode.stringOr("container")) {
                case "host" -> HOST;
                case "container/bridge" -> BRIDGE;
                case "container" -> CONTAINER;
                default -> throw new Field.BadField(mode, "host, container/bridge or container");
            };
        }
        if (app.get("ipAddress").present()) {
            return CONTAINER;
        }
        Field docker = app.get("container").get("docker").get("network");
        return switch (docker.stringOr("HOST")) {
            case "BRIDGE" -> BRIDGE;
            case "USER" -> CONTAINER;
            case "HOST", "NONE" -> HOST;
            default -> throw new Field.BadField(docker, "HOST, BRIDGE, USER or NONE");
        };
    }
}
