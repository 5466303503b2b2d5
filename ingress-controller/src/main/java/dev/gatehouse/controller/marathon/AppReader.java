package dev.gatehouse.controller.marathon;

import dev.gatehouse.controller.marathon.Field.BadField;
import dev.gatehouse.controller.view.MarathonApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads one element of {@code /v2/apps?embed=apps.tasks} into a {@link MarathonApp}: its ports as its
 * networking defines them, and only the tasks that may take traffic, each resolved to an address and its
 * ports, paired with the app's ports by position.
 */
final class AppReader {

    /**
     * marathon-lb's choice, kept for every state Mesos knows: a lost or unreachable task is one the master
     * cannot see, usually behind a partition, and mostly still serving; the proxy's own checks judge it.
     */
    private static final Set<String> ROUTED_STATES = Set.of("TASK_RUNNING", "TASK_LOST", "TASK_UNREACHABLE");

    /** A port of the app and, for container networks, the port its tasks listen on. */
    private record AppPort(MarathonApp.Port port, int containerPort) {
    }

    private AppReader() {
    }

    /**
     * @param routedBefore the ids of the tasks that took traffic after the previous read
     * @param problems     told of each task that is left out because it cannot be read, with its id and field
     * @throws BadField when the app itself cannot be read
     */
    static MarathonApp read(Field app, Set<String> routedBefore, Consumer<String> problems) {
        String id = app.get("id").string();
        if (!id.startsWith("/")) {
            throw new BadField(app.get("id"), "an app id starting with \"/\"");
        }
        Networking networking = Networking.of(app);
        List<AppPort> ports = ports(app, networking);
        List<MarathonApp.HealthCheck> healthChecks = app.get("healthChecks").elements().stream()
                .map(AppReader::healthCheck)
                .toList();
        List<MarathonApp.Task> tasks = new ArrayList<>();
        for (Field task : app.get("tasks").elements()) {
            try {
                if (routed(task.detached(), healthChecks.size(), routedBefore)) {
                    tasks.add(task(task.detached(), networking, ports));
                }
            } catch (BadField e) {
                problems.accept("task " + taskName(task) + " left out: " + e.getMessage());
            }
        }
        tasks.sort(Comparator.comparing(MarathonApp.Task::id));
        return new MarathonApp(id, app.get("labels").strings(), ports.stream().map(AppPort::port).toList(), tasks,
                healthChecks);
    }

    private static List<AppPort> ports(Field app, Networking networking) {
        if (networking == Networking.HOST) {
            return app.get("portDefinitions").elements().stream()
                    .map(definition -> new AppPort(port(definition, "port"), 0))
                    .toList();
        }
        Field container = app.get("container");
        // Marathon 1.5 moved the mappings from the Docker section up to the container, for every containerizer
        Field mappings = container.get("portMappings").present()
                ? container.get("portMappings")
                : container.get("docker").get("portMappings");
        List<AppPort> ports = mappings.elements().stream()
                .map(mapping -> new AppPort(port(mapping, "servicePort"), mapping.get("containerPort").integerOr(0)))
                .toList();
        if (ports.isEmpty() && networking == Networking.CONTAINER) {
            // IP-per-task before Marathon 1.5 declares the ports a task listens on here, without service ports
            return app.get("ipAddress").get("discovery").get("ports").elements().stream()
                    .map(discovered -> new AppPort(new MarathonApp.Port(0, discovered.get("name").stringOr(null),
                            discovered.get("protocol").stringOr("tcp")), discovered.get("number").integer()))
                    .toList();
        }
        return ports;
    }

    private static MarathonApp.Port port(Field port, String servicePort) {
        return new MarathonApp.Port(port.get(servicePort).integerOr(0), port.get("name").stringOr(null),
                port.get("protocol").stringOr("tcp"));
    }

    private static MarathonApp.HealthCheck healthCheck(Field check) {
        // the defaults are Marathon's, for versions that leave out what is not set
        return new MarathonApp.HealthCheck(check.get("protocol").stringOr("HTTP"), check.get("path").stringOr(null),
                check.get("portIndex").integerOrNull(),
                Duration.ofSeconds(check.get("intervalSeconds").integerOr(60)),
                Duration.ofSeconds(check.get("timeoutSeconds").integerOr(20)),
                check.get("maxConsecutiveFailures").integerOr(3));
    }

    /**
     * In a routed state (older Marathon sends no state at all, which counts as running), and, when the app
     * has health checks, alive in every one. A task with a dead result is out. A task without a result for
     * each check keeps the verdict of the previous read: a new task waits for all its checks, and one that
     * took traffic keeps it while a new Marathon leader, which starts without results, checks it again.
     */
    private static boolean routed(Field task, int healthChecks, Set<String> routedBefore) {
        Field state = task.get("state");
        if (state.present() && !ROUTED_STATES.contains(state.string())) {
            return false;
        }
        if (healthChecks == 0) {
            return true;
        }
        List<Field> results = task.get("healthCheckResults").elements();
        for (Field result : results) {
            if (!result.get("alive").bool()) {
                return false;
            }
        }
        return results.size() >= healthChecks || routedBefore.contains(task.get("id").string());
    }

    private static MarathonApp.Task task(Field task, Networking networking, List<AppPort> ports) {
        String id = task.get("id").string();
        String host = task.get("host").stringOr("");
        if (host.isEmpty()) {
            throw new BadField(task.get("host"), "the agent the task runs on");
        }
        if (networking == Networking.CONTAINER) {
            Field address = task.get("ipAddresses").at(0).get("ipAddress");
            return new MarathonApp.Task(id, address.string(), ports.stream().map(AppPort::containerPort).toList());
        }
        List<Field> taskPorts = task.get("ports").elements();
        List<Integer> connectTo = new ArrayList<>(ports.size());
        if (taskPorts.isEmpty() && networking == Networking.HOST) {
            // fixed ports (requirePorts) are where the definitions say
            ports.forEach(port -> connectTo.add(port.port().servicePort()));
            return new MarathonApp.Task(id, host, connectTo);
        }
        // a task of an older version of the app may have fewer ports: it serves the ports it has
        for (int i = 0; i < Math.min(ports.size(), taskPorts.size()); i++) {
            connectTo.add(taskPorts.get(i).integer());
        }
        return new MarathonApp.Task(id, host, connectTo);
    }

    private static String taskName(Field task) {
        Field id = task.get("id");
        return id.isString() ? id.string() : task.path();
    }
}
