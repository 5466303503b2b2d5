package dev.gatehouse.cloud.fake.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import dev.gatehouse.cloudsdk.testing.Faults;
import java.io.IOException;
import java.io.UncheckedIOException;

/** What every Azure resource provider shares: JSON bodies, ARM's error envelope and its answers to faults. */
final class ArmResponses {

    static final ObjectMapper JSON = new ObjectMapper();

    private ArmResponses() {
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResponseDefinition error(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.withObjectProperty("error").put("code", code).put("message", message);
        return new ResponseDefinitionBuilder().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
    }

    /** A drawn fault (other than a lost answer, which needs the real answer first) as ARM reports it. */
    static ResponseDefinition failure(Faults.Kind fault) {
        return switch (fault) {
            case SERVER_ERROR -> error(500, "InternalServerError", "Encountered internal server error.");
            case UNAVAILABLE -> error(503, "ServiceUnavailable", "The service is temporarily unavailable.");
            case THROTTLED -> new ResponseDefinitionBuilder().withStatus(429).withHeader("Retry-After", "0")
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"The request is being throttled.\"}}")
                    .build();
            default -> new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        };
    }
}
