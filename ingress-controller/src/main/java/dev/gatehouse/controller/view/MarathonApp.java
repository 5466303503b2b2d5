package dev.gatehouse.controller.view;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Marathon app as the translators read it: its id, labels, service ports and the tasks that may take
 * traffic, already resolved from Marathon's JSON by the Marathon source.
 *
 * @param id           the app id, e.g. {@code /web/frontend}
 * @param labels       the app's labels, as Marathon holds them
 * @param ports        the app's ports by index ({@code {n}} of {@code HAPROXY_{n}_*}), from {@code portDefinitions},
 *                     or from {@code container.portMappings} (or {@code container.docker.portMappings}) when the
 *                     app's network needs them
 * @param tasks        the tasks that may take traffic: running (or lost or unreachable, as marathon-lb kept them),
 *                     and, when the app has health checks, alive in every one of them; sorted by id
 * @param healthChecks the app's health checks, in Marathon's order
 */
public record MarathonApp(String id, Map<String, String> labels, List<Port> ports, List<Task> tasks, List<HealthCheck> healthChecks) {

    public MarathonApp {
        if (id == null || !id.startsWith("/")) {
            throw new IllegalArgumentException("marathon app id \"" + id + "\" must start with \"/\"");
        }
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
        tasks = List.copyOf(tasks);
        healthChecks = List.copyOf(healthChecks);
    }

    /**
     * One port of the app.
     *
     * @param servicePort the app's service port (Marathon's {@code port} of a port definition, or {@code servicePort}
     *                    of a port mapping); 0 when Marathon assigned none
     * @param name        the port's name, or null
     * @param protocol    {@code tcp}, {@code udp} or {@code udp,tcp}
     */
    public record Port(int servicePort, String name, String protocol) {
    }

    /**
     * One task and where it listens.
     *
     * @param id      the task id
     * @param address where to connect: the agent's host for host and bridge networking, the task's own IP
     *                address on a container network
     * @param ports   the port to connect to for each of the app's ports, in the app's port order; fewer than the
     *                app's while a deployment that adds a port replaces old tasks
     */
    public record Task(String id, String address, List<Integer> ports) {

        public Task {
            ports = List.copyOf(ports);
        }
    }

    /**
     * One of the app's health checks.
     *
     * @param protocol  {@code HTTP}, {@code HTTPS}, {@code TCP}, {@code MESOS_HTTP}, {@code MESOS_TCP}, {@code COMMAND}, ...
     * @param path      the HTTP path, or null
     * @param portIndex the index of the app port it checks, or null when it names none
     * @param interval  Marathon's {@code intervalSeconds}
     * @param timeout   Marathon's {@code timeoutSeconds}
     * @param maxConsecutiveFailures Marathon's {@code maxConsecutiveFailures}
     */
    public record HealthCheck(String protocol, String path, Integer portIndex, Duration interval, Duration timeout,
                              int maxConsecutiveFailures) {
    }
}
