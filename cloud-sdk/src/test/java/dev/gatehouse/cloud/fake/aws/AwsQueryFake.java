package dev.gatehouse.cloud.fake.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.gatehouse.cloudsdk.testing.Faults;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.regions.Region;

/**
 * An in-process AWS for tests: one WireMock server on a loopback port that answers the Query APIs of ELBv2,
 * classic ELB and EC2 (told apart by the {@code Version} the SDK sends) from a small in-memory model of each
 * ({@link FakeElbv2}, {@link FakeElb}, {@link FakeEc2}), records every call it receives, and fails chosen calls on
 * request (throttling). Each module extends it with the settings of its own clients, which this library cannot
 * see.
 */
public class AwsQueryFake implements AutoCloseable {

    public static final Region REGION = Region.US_EAST_1;
    public static final String ELBV2_VERSION = "2015-12-01";
    public static final String ELB_VERSION = "2012-06-01";
    public static final String EC2_VERSION = "2016-11-15";

    /**
     * One call received: its API ({@code elbv2}, {@code elb}, {@code ec2}), action and form parameters, and the
     * answer's status and error code (empty for success).
     */
    public record Call(String api, String action, Map<String, String> params, int status, String code) {

        public boolean write() {
            return !action.startsWith("Describe");
        }

        public String param(String name) {
            return params.get(name);
        }

        /** The values of a list parameter: {@code Subnets.member} gives Subnets.member.1, .2, ... */
        public List<String> list(String prefix) {
            List<String> values = new ArrayList<>();
            for (int i = 1; params.containsKey(prefix + "." + i); i++) {
                values.add(params.get(prefix + "." + i));
            }
            return values;
        }

        /** A list of key/value structures ({@code Tags.member}) as a map. */
        public Map<String, String> map(String prefix, String key, String value) {
            Map<String, String> map = new TreeMap<>();
            for (int i = 1; params.containsKey(prefix + "." + i + "." + key); i++) {
                map.put(params.get(prefix + "." + i + "." + key), params.getOrDefault(prefix + "." + i + "." + value, ""));
            }
            return map;
        }

        @Override
        public String toString() {
            Map<String, String> shown = new LinkedHashMap<>(params);
            shown.remove("Action");
            shown.remove("Version");
            return api + " " + action + " " + shown + (status == 200 ? "" : " -> " + status + " " + code);
        }
    }

    /** An error as the API answers it; thrown by the models. */
    public static final class AwsError extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public final int status;
        public final String code;

        AwsError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    /** A model of one API: answers a call with the inside of its response element. */
    public interface Api {
        String handle(Call call);
    }

    private record Failure(int status, String code, String message) {
    }

    public final FakeEc2 ec2 = new FakeEc2();
    public final FakeElbv2 elbv2 = new FakeElbv2(ec2);
    public final FakeElb elb = new FakeElb(ec2);
    /** New load balancers, target groups and security groups stay out of describe calls for a while once lagged. */
    public final EventualConsistency consistency = new EventualConsistency();
    private Faults faults;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Deque<Failure>> failures = new HashMap<>();
    private final Map<String, Duration> delays = new HashMap<>();
    private final Map<String, Integer> lostAnswers = new HashMap<>();
    private final WireMockServer server;

    protected AwsQueryFake() {
        ec2.inUse(group -> elbv2.usesSecurityGroup(group) || elb.usesSecurityGroup(group));
        ec2.consistency(consistency);
        elbv2.consistency(consistency);
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .jettyAcceptors(1).extensions(new Answer()));
        server.start();
        server.stubFor(post(urlPathEqualTo("/")).willReturn(aResponse().withTransformers(Answer.NAME)));
    }

    /** Where the SDK clients reach this server for all three APIs. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** The next {@code times} calls of {@code action} fail with this error before it is answered again. */
    public void failNext(String action, int times, int status, String code, String message) {
        synchronized (this) {
            Deque<Failure> queue = failures.computeIfAbsent(action, a -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(new Failure(status, code, message));
            }
        }
    }

    /** The next {@code times} calls of {@code action} are applied, and their answer lost (the connection reset). */
    public synchronized void loseAnswers(String action, int times) {
        lostAnswers.merge(action, times, Integer::sum);
    }

    /** Calls fail as {@code value} draws: 5xx, the API's throttling code, resets, and writes whose answer is lost. */
    public synchronized void faults(Faults value) {
        this.faults = value;
    }

    /** The next call of {@code action} is answered only after {@code delay}, to run into the client's timeouts. */
    public synchronized void delayNext(String action, Duration delay) {
        delays.put(action, delay);
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The write calls that succeeded, in order. */
    public synchronized List<Call> writes() {
        return calls.stream().filter(call -> call.write() && call.status() == 200).toList();
    }

    public synchronized List<String> writeActions() {
        return writes().stream().map(Call::action).toList();
    }

    /** The successful writes of one action. */
    public synchronized List<Call> writes(String action) {
        return writes().stream().filter(call -> call.action().equals(action)).toList();
    }

    /** Every attempt of one action, failed ones included. */
    public synchronized List<Call> attempts(String action) {
        return calls.stream().filter(call -> call.action().equals(action)).toList();
    }

    /** The Action of every request in WireMock's own journal of what reached the server. */
    public List<String> journalActions() {
        return server.getAllServeEvents().stream()
                .map(event -> parse(event.getRequest().getBodyAsString()).getOrDefault("Action", "")).toList();
    }

    /** Empties WireMock's journal too, keeping the model. */
    public synchronized void clearJournal() {
        calls.clear();
        server.resetRequests();
    }

    /** Forgets the calls received so far, keeping the model: what the next step does is what is asserted. */
    public synchronized void clearCalls() {
        calls.clear();
    }

    private synchronized ResponseDefinitionBuilder answer(String body) {
        Map<String, String> params = parse(body);
        String version = params.getOrDefault("Version", "");
        String action = params.getOrDefault("Action", "");
        String api = switch (version) {
            case ELBV2_VERSION -> "elbv2";
            case ELB_VERSION -> "elb";
            case EC2_VERSION -> "ec2";
            default -> "unknown";
        };
        Api model = switch (api) {
            case "elbv2" -> elbv2;
            case "elb" -> elb;
            case "ec2" -> ec2;
            default -> null;
        };
        String namespace = switch (api) {
            case "elbv2" -> FakeElbv2.NS;
            case "elb" -> FakeElb.NS;
            default -> FakeEc2.NS;
        };
        Deque<Failure> queued = failures.get(action);
        Failure failure = queued == null ? null : queued.poll();
        Faults.Kind fault = faults == null || model == null ? Faults.Kind.NONE
                : faults.draw(!action.startsWith("Describe"));
        if (lostAnswers.getOrDefault(action, 0) > 0) {
            lostAnswers.merge(action, -1, Integer::sum);
            fault = Faults.Kind.ANSWER_LOST;
        }
        if (fault == Faults.Kind.RESET) {
            calls.add(new Call(api, action, params, 0, "reset"));
            return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
        }
        if (failure == null) {
            failure = switch (fault) {
                case SERVER_ERROR -> new Failure(500, "InternalFailure", "The request processing has failed because"
                        + " of an unknown error, exception or failure.");
                case UNAVAILABLE -> new Failure(503, "ServiceUnavailable", "The request has failed due to a temporary"
                        + " failure of the server.");
                case THROTTLED -> api.equals("ec2") ? new Failure(503, "RequestLimitExceeded", "Request limit exceeded.")
                        : new Failure(400, "Throttling", "Rate exceeded");
                default -> null;
            };
        }
        int status = 200;
        String code = "";
        String response;
        try {
            if (model == null) {
                throw new AwsError(400, "InvalidAction", "unknown API version \"" + version + "\"");
            }
            if (failure != null) {
                throw new AwsError(failure.status(), failure.code(), failure.message());
            }
            String inside = model.handle(new Call(api, action, params, 200, ""));
            response = api.equals("ec2")
                    ? "<" + action + "Response xmlns=\"" + namespace + "\"><requestId>req-" + calls.size()
                            + "</requestId>" + inside + "</" + action + "Response>"
                    : "<" + action + "Response xmlns=\"" + namespace + "\"><" + action + "Result>" + inside + "</"
                            + action + "Result><ResponseMetadata><RequestId>req-" + calls.size()
                            + "</RequestId></ResponseMetadata></" + action + "Response>";
        } catch (AwsError e) {
            status = e.status;
            code = e.code;
            response = api.equals("ec2")
                    ? "<Response><Errors><Error><Code>" + e.code + "</Code><Message>" + xml(e.getMessage())
                            + "</Message></Error></Errors><RequestID>req-" + calls.size() + "</RequestID></Response>"
                    : "<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>Sender</Type><Code>" + e.code
                            + "</Code><Message>" + xml(e.getMessage()) + "</Message></Error><RequestId>req-"
                            + calls.size() + "</RequestId></ErrorResponse>";
        }
        calls.add(new Call(api, action, params, status, code));
        if (fault == Faults.Kind.ANSWER_LOST) {
            return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
        }
        Duration delay = delays.remove(action);
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withFixedDelay(delay == null ? 0 : (int) delay.toMillis())
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + response);
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    public static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** {@code <name>text</name>}, or nothing for null. */
    public static String el(String name, Object value) {
        return value == null ? "" : "<" + name + ">" + xml(String.valueOf(value)) + "</" + name + ">";
    }

    /** A Query list: {@code <name><member>..</member></name>} of already-rendered members. */
    public static String members(String name, List<String> rendered) {
        StringBuilder out = new StringBuilder("<" + name + ">");
        rendered.forEach(member -> out.append("<member>").append(member).append("</member>"));
        return out.append("</").append(name).append(">").toString();
    }

    /** An EC2 list: {@code <name><item>..</item></name>}. */
    public static String items(String name, List<String> rendered) {
        StringBuilder out = new StringBuilder("<" + name + ">");
        rendered.forEach(item -> out.append("<item>").append(item).append("</item>"));
        return out.append("</").append(name).append(">").toString();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Answers every request from the models. */
    private final class Answer implements ResponseDefinitionTransformerV2 {

        static final String NAME = "fake-aws";

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            return answer(event.getRequest().getBodyAsString()).build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
