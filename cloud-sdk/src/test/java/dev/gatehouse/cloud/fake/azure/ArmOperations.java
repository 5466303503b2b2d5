package dev.gatehouse.cloud.fake.azure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Azure Resource Manager's long-running operations, as the network resource provider runs them: a PUT is
 * answered 201 (new) or 200 with the resource {@code Updating} and an {@code Azure-AsyncOperation} header, a
 * DELETE 202 with {@code Azure-AsyncOperation} and {@code Location}; the operation answers {@code InProgress}
 * for a number of polls, then {@code Succeeded}, {@code Failed} or {@code Canceled} with an error body. Only then
 * does the resource reach its end state: Succeeded (or gone, for a delete), or {@code Failed} and still there,
 * which is what ARM leaves behind a failed PUT or DELETE.
 */
public final class ArmOperations {

    /** How an operation ends: {@code Succeeded}, or {@code Failed}/{@code Canceled} with ARM's error code and message. */
    public record Outcome(String status, String code, String message) {

        public static Outcome succeeded() {
            return new Outcome("Succeeded", null, null);
        }
    }

    /** What the model does when an operation ends. */
    public interface Completion {
        void finish(Outcome outcome);
    }

    private record Operation(String method, String path, Completion completion, Outcome outcome, int[] pollsLeft,
                             int deadline) {
    }

    /** Requests after which Azure finishes an operation nobody polls (its caller lost the answer). */
    private static final int UNPOLLED_LIFETIME = 20;

    private final Map<String, Operation> operations = new HashMap<>();
    private final Deque<Outcome> nextOutcomes = new ArrayDeque<>();
    private final List<String> polled = new ArrayList<>();
    private int polls = -1;
    private int ids;
    private int requests;

    /** Writes become long-running, each answering {@code InProgress} this many polls first; -1 turns them off. */
    public void pollsBeforeDone(int value) {
        this.polls = value;
    }

    public boolean enabled() {
        return polls >= 0;
    }

    /** The next operations started end so, one each, before the rest succeed again. */
    public void thenEnd(Outcome outcome) {
        nextOutcomes.add(outcome);
    }

    /** The operation URLs polled, in order (both the Azure-AsyncOperation and the Location ones). */
    public List<String> polled() {
        return List.copyOf(polled);
    }

    public void reset() {
        operations.clear();
        nextOutcomes.clear();
        polled.clear();
        polls = -1;
        ids = 0;
        requests = 0;
    }

    /** One more request reached the fake: operations whose callers stopped polling end on their own, as in Azure. */
    public void advance() {
        requests++;
        for (Operation operation : operations.values()) {
            if (operation.pollsLeft()[0] >= 0 && requests >= operation.deadline()) {
                operation.pollsLeft()[0] = -1;
                operation.completion().finish(operation.outcome());
            }
        }
    }

    /** Starts one, returning the write's first answer: {@code status} with the operation's headers. */
    public ResponseDefinition start(String base, String method, String path, int status, ObjectNode body, Outcome drawn,
                             Completion completion) {
        String id = String.format("%08d-0000-0000-0000-%012d", ++ids, ids);
        Outcome outcome = nextOutcomes.isEmpty() ? drawn : nextOutcomes.poll();
        operations.put(id, new Operation(method, path, completion, outcome, new int[] {polls},
                requests + UNPOLLED_LIFETIME));
        String subscription = path.split("/")[2];
        String prefix = base + "/subscriptions/" + subscription + "/providers/Microsoft.Network/locations/"
                + ArmNetworkFake.LOCATION;
        ResponseDefinitionBuilder answer = new ResponseDefinitionBuilder().withStatus(status)
                .withHeader("Azure-AsyncOperation", prefix + "/operations/" + id + "?api-version=2024-05-01")
                .withHeader("Retry-After", "0");
        if (method.equals("DELETE")) {
            answer.withHeader("Location", prefix + "/operationResults/" + id + "?api-version=2024-05-01");
        }
        if (body != null) {
            answer.withHeader("Content-Type", "application/json").withBody(body.toString());
        }
        return answer.build();
    }

    /** Whether the path is an operation's: {@code /subscriptions/<s>/providers/Microsoft.Network/locations/...}. */
    public static boolean isOperation(String[] segments) {
        return segments.length == 9 && segments[3].equalsIgnoreCase("providers") && segments[5].equals("locations");
    }

    public ResponseDefinition poll(String path) {
        polled.add(path);
        String[] segments = path.split("/");
        Operation operation = operations.get(segments[8]);
        if (operation == null) {
            return ArmResponses.error(404, "OperationNotFound", "The operation " + segments[8] + " was not found");
        }
        boolean location = segments[7].equals("operationResults");
        if (operation.pollsLeft()[0] > 0) {
            operation.pollsLeft()[0]--;
            return location ? new ResponseDefinitionBuilder().withStatus(202).withHeader("Retry-After", "0").build()
                    : status("InProgress", null, null);
        }
        if (operation.pollsLeft()[0] == 0) {
            operation.pollsLeft()[0] = -1;
            operation.completion().finish(operation.outcome());
        }
        Outcome outcome = operation.outcome();
        if (location) {
            return outcome.status().equals("Succeeded") ? ResponseDefinition.noContent()
                    : ArmResponses.error(400, outcome.code(), outcome.message());
        }
        return status(outcome.status(), outcome.code(), outcome.message());
    }

    private static ResponseDefinition status(String status, String code, String message) {
        ObjectNode body = ArmModel.JSON.createObjectNode().put("status", status);
        if (code != null) {
            body.withObjectProperty("error").put("code", code).put("message", message);
        }
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "0").withBody(body.toString()).build();
    }
}
