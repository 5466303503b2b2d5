package dev.gatehouse.controller.marathon;

import dev.gatehouse.controller.marathon.Field.BadField;
import dev.gatehouse.controller.view.MarathonApp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of {@code /v2/apps?embed=apps.tasks}: every app that can be read, sorted by id, and a line for
 * each app or task that was left out. Only a body that is not JSON, or has no {@code apps} array, fails
 * as a whole.
 */
final class AppsJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** The apps that could be read, and why the others were left out. */
    record Apps(List<MarathonApp> apps, List<String> problems) {

        Apps {
            apps = List.copyOf(apps);
            problems = List.copyOf(problems);
        }
    }

    private AppsJson() {
    }

    /**
     * @param routedBefore the ids of the tasks that took traffic after the previous read
     * @throws BadBody  when the body is not JSON
     * @throws BadField when it is not an object with an array of apps
     */
    static Apps parse(byte[] body, Set<String> routedBefore) {
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new BadBody("the body is not JSON: " + e.getOriginalMessage());
        }
        Field apps = Field.root(json).get("apps");
        if (!apps.present()) {
            throw new BadField(apps, "an array of apps");
        }
        List<MarathonApp> read = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Field app : apps.elements()) {
            String id = app.get("id").isString() ? app.get("id").string() : app.path();
            try {
                read.add(AppReader.read(app.detached(), routedBefore, problem -> problems.add("app " + id + ": " + problem)));
            } catch (BadField | IllegalArgumentException e) {
                problems.add("app " + id + " left out: " + e.getMessage());
            }
        }
        read.sort(Comparator.comparing(MarathonApp::id));
        return new Apps(read, problems);
    }

    /** A body that is not JSON at all. */
    static final class BadBody extends RuntimeException {

        BadBody(String message) {
            super(message);
        }
    }
}
