package dev.gatehouse.controller.marathon;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Bodies in the shape Marathon 1.x sends them: {@code /v2/apps?embed=apps.tasks} with every field an app
 * and a task carry (nulls included), and {@code /v2/events} frames. Apps come in the networking modes
 * that change where ports come from: host with {@code portDefinitions} (1.4), Docker bridge with
 * {@code container.docker.portMappings} (1.4), and IP-per-task on a container network with
 * {@code container.portMappings} (1.5 and later).
 */
final class MarathonJson {

    private MarathonJson() {
    }

    static String apps(String... apps) {
        return "{\"apps\":[" + String.join(",", apps) + "]}";
    }

    /** A host-networked app with one HTTP port (service port 10000) and no health checks. */
    static String hostApp(String id, String... tasks) {
        return """
                {
                  "id": "%s",
                  "cmd": "python3 -m http.server $PORT0",
                  "args": null,
                  "user": null,
                  "env": {},
                  "instances": %d,
                  "cpus": 0.1,
                  "mem": 64,
                  "disk": 0,
                  "gpus": 0,
                  "executor": "",
                  "constraints": [],
                  "uris": [],
                  "fetch": [],
                  "storeUrls": [],
                  "backoffSeconds": 1,
                  "backoffFactor": 1.15,
                  "maxLaunchDelaySeconds": 3600,
                  "container": null,
                  "healthChecks": [],
                  "readinessChecks": [],
                  "dependencies": [],
                  "upgradeStrategy": {"minimumHealthCapacity": 1, "maximumOverCapacity": 1},
                  "labels": {"HAPROXY_GROUP": "external", "HAPROXY_0_VHOST": "shop.example.com"},
                  "ipAddress": null,
                  "version": "2024-03-01T10:00:00.000Z",
                  "residency": null,
                  "secrets": {},
                  "taskKillGracePeriodSeconds": null,
                  "unreachableStrategy": {"inactiveAfterSeconds": 300, "expungeAfterSeconds": 600},
                  "killSelection": "YOUNGEST_FIRST",
                  "versionInfo": {"lastScalingAt": "2024-03-01T10:00:00.000Z", "lastConfigChangeAt": "2024-03-01T10:00:00.000Z"},
                  "portDefinitions": [{"port": 10000, "protocol": "tcp", "name": "http", "labels": {}}],
                  "requirePorts": false,
                  "tasksStaged": 0,
                  "tasksRunning": %d,
                  "tasksHealthy": 0,
                  "tasksUnhealthy": 0,
                  "deployments": [],
                  "tasks": [%s]
                }""".formatted(id, tasks.length, tasks.length, String.join(",", tasks));
    }

    /** A Docker app on the bridge, Marathon 1.4 style: container port 80 behind service port 10101. */
    static String bridgeApp(String id, String... tasks) {
        return """
                {
                  "id": "%s",
                  "cmd": null,
                  "args": null,
                  "user": null,
                  "env": {},
                  "instances": %d,
                  "cpus": 0.2,
                  "mem": 128,
                  "disk": 0,
                  "gpus": 0,
                  "executor": "",
                  "constraints": [["hostname", "UNIQUE"]],
                  "uris": [],
                  "fetch": [],
                  "storeUrls": [],
                  "backoffSeconds": 1,
                  "backoffFactor": 1.15,
                  "maxLaunchDelaySeconds": 3600,
                  "container": {
                    "type": "DOCKER",
                    "volumes": [],
                    "docker": {
                      "image": "nginx:1.25",
                      "network": "BRIDGE",
                      "portMappings": [
                        {"containerPort": 80, "hostPort": 0, "servicePort": 10101, "protocol": "tcp", "name": "web", "labels": {}}
                      ],
                      "privileged": false,
                      "parameters": [],
                      "forcePullImage": false
                    }
                  },
                  "healthChecks": [],
                  "readinessChecks": [],
                  "dependencies": [],
                  "upgradeStrategy": {"minimumHealthCapacity": 1, "maximumOverCapacity": 1},
                  "labels": {"HAPROXY_GROUP": "external", "HAPROXY_0_VHOST": "blog.example.com"},
                  "ipAddress": null,
                  "version": "2024-03-02T09:30:00.000Z",
                  "residency": null,
                  "secrets": {},
                  "taskKillGracePeriodSeconds": null,
                  "unreachableStrategy": {"inactiveAfterSeconds": 300, "expungeAfterSeconds": 600},
                  "killSelection": "YOUNGEST_FIRST",
                  "versionInfo": {"lastScalingAt": "2024-03-02T09:30:00.000Z", "lastConfigChangeAt": "2024-03-02T09:30:00.000Z"},
                  "portDefinitions": [],
                  "requirePorts": false,
                  "tasksStaged": 0,
                  "tasksRunning": %d,
                  "tasksHealthy": 0,
                  "tasksUnhealthy": 0,
                  "deployments": [],
                  "tasks": [%s]
                }""".formatted(id, tasks.length, tasks.length, String.join(",", tasks));
    }

    /**
     * An app with one IP per task on the {@code dcos} overlay, Marathon 1.5 style, with a MESOS_HTTP health
     * check on its only port: container port 8080 behind service port 10200.
     */
    static String overlayApp(String id, String... tasks) {
        return """
                {
                  "id": "%s",
                  "backoffFactor": 1.15,
                  "backoffSeconds": 1,
                  "container": {
                    "type": "MESOS",
                    "docker": {"forcePullImage": false, "image": "example/payments:2.3.1", "parameters": [], "privileged": false},
                    "volumes": [],
                    "portMappings": [
                      {"containerPort": 8080, "labels": {"VIP_0": "/payments:8080"}, "name": "api", "protocol": "tcp", "servicePort": 10200}
                    ]
                  },
                  "cpus": 0.5,
                  "disk": 0,
                  "env": {},
                  "executor": "",
                  "healthChecks": [
                    {"gracePeriodSeconds": 300, "intervalSeconds": 10, "maxConsecutiveFailures": 3, "portIndex": 0,
                     "timeoutSeconds": 5, "delaySeconds": 15, "protocol": "MESOS_HTTP", "path": "/health", "ipProtocol": "IPv4"}
                  ],
                  "instances": %d,
                  "labels": {"HAPROXY_GROUP": "internal", "HAPROXY_0_VHOST": "payments.example.com"},
                  "maxLaunchDelaySeconds": 3600,
                  "mem": 256,
                  "gpus": 0,
                  "networks": [{"name": "dcos", "mode": "container"}],
                  "requirePorts": false,
                  "upgradeStrategy": {"maximumOverCapacity": 1, "minimumHealthCapacity": 1},
                  "version": "2024-03-03T08:00:00.000Z",
                  "versionInfo": {"lastScalingAt": "2024-03-03T08:00:00.000Z", "lastConfigChangeAt": "2024-03-03T08:00:00.000Z"},
                  "killSelection": "YOUNGEST_FIRST",
                  "unreachableStrategy": {"inactiveAfterSeconds": 0, "expungeAfterSeconds": 0},
                  "tasksStaged": 0,
                  "tasksRunning": %d,
                  "tasksHealthy": 0,
                  "tasksUnhealthy": 0,
                  "deployments": [],
                  "tasks": [%s]
                }""".formatted(id, tasks.length, tasks.length, String.join(",", tasks));
    }

    /** A running task on an agent, as host and bridge apps have them: the agent's address and host ports. */
    static String task(String appId, String taskId, String host, int... ports) {
        return task(appId, taskId, "TASK_RUNNING", host, host, ports, null);
    }

    /** A running task of a container-network app: its own IP address, no host ports. */
    static String overlayTask(String appId, String taskId, String host, String ip, Boolean... alive) {
        return task(appId, taskId, "TASK_RUNNING", host, ip, new int[0], alive);
    }

    /**
     * @param alive one health check result each, or null for none ({@code healthCheckResults} left out)
     */
    static String task(String appId, String taskId, String state, String host, String ip, int[] ports, Boolean[] alive) {
        String results = alive == null || alive.length == 0 ? "" : """
                "healthCheckResults": [%s],
                """.formatted(Arrays.stream(alive).map(a -> """
                {"alive": %s, "consecutiveFailures": %d, "firstSuccess": "2024-03-03T08:01:02.345Z",
                 "lastFailure": %s, "lastSuccess": "2024-03-03T08:05:12.345Z",
                 "lastFailureCause": %s, "instanceId": "%s"}""".formatted(a, a ? 0 : 3,
                a ? "null" : "\"2024-03-03T08:05:42.345Z\"", a ? "null" : "\"ConnectException: Connection refused\"",
                instanceId(taskId))).collect(Collectors.joining(",")));
        return """
                {
                  "ipAddresses": [{"ipAddress": "%s", "protocol": "IPv4"}],
                  "stagedAt": "2024-03-03T08:00:58.123Z",
                  "state": "%s",
                  "ports": [%s],
                  "startedAt": "2024-03-03T08:01:00.456Z",
                  "version": "2024-03-03T08:00:00.000Z",
                  "id": "%s",
                  "appId": "%s",
                  "slaveId": "6c8d5f47-5e4f-4b4f-9d5c-3a0f0e3f9a1b-S%d",
                  "host": "%s",
                  %s"servicePorts": [],
                  "localVolumes": []
                }""".formatted(ip, state, Arrays.stream(ports).mapToObj(Integer::toString).collect(Collectors.joining(", ")),
                taskId, appId, Math.abs(host.hashCode() % 9), host, results);
    }

    private static String instanceId(String taskId) {
        return taskId.replace(".", ".marathon-");
    }

    /** One server-sent event as Marathon frames it. */
    static String event(String type, String data) {
        return "event: " + type + "\r\ndata: " + data + "\r\n\r\n";
    }

    static String attached() {
        return event("event_stream_attached",
                "{\"remoteAddress\":\"127.0.0.1\",\"eventType\":\"event_stream_attached\",\"timestamp\":\"2024-03-03T08:10:00.000Z\"}");
    }

    static String statusUpdate(String appId, String taskId, String status) {
        return event("status_update_event", """
                {"slaveId":"6c8d5f47-5e4f-4b4f-9d5c-3a0f0e3f9a1b-S1","taskId":"%s","taskStatus":"%s","message":"",\
                "appId":"%s","host":"10.0.1.11","ipAddresses":[{"ipAddress":"10.0.1.11","protocol":"IPv4"}],\
                "ports":[31002],"version":"2024-03-01T10:00:00.000Z","eventType":"status_update_event",\
                "timestamp":"2024-03-03T08:10:01.000Z"}""".formatted(taskId, status, appId));
    }
}
