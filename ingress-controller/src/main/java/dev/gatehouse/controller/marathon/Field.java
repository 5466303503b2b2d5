package dev.gatehouse.controller.marathon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One field of Marathon's JSON with the path that leads to it ({@code portDefinitions[1].port}), so that
 * whatever is missing or of the wrong type is reported by that path. Absent and {@code null} are the
 * same thing, as Marathon writes both for "not set".
 */
final class Field {

    private final JsonNode json;
    private final String path;

    private Field(JsonNode json, String path) {
        this.json = json;
        this.path = path;
    }

    static Field root(JsonNode json) {
        return new Field(json, "");
    }

    Field get(String name) {
        return new Field(json.path(name), path.isEmpty() ? name : path + "." + name);
    }

    Field at(int index) {
        return new Field(json.path(index), path + "[" + index + "]");
    }

    /** The same field as the root of its own paths, for messages that already say whose field it is. */
    Field detached() {
        return new Field(json, "");
    }

    String path() {
        return path;
    }

    boolean present() {
        return !json.isMissingNode() && !json.isNull();
    }

    boolean isString() {
        return json.isString();
    }

    String string() {
        if (!json.isString()) {
            throw new BadField(this, "a string");
        }
        return json.stringValue();
    }

    String stringOr(String fallback) {
        return present() ? string() : fallback;
    }

    int integer() {
        if (!json.isIntegralNumber() || !json.canConvertToInt()) {
            throw new BadField(this, "a whole number");
        }
        return json.intValue();
    }

    int integerOr(int fallback) {
        return present() ? integer() : fallback;
    }

    Integer integerOrNull() {
        return present() ? integer() : null;
    }

    boolean bool() {
        if (!json.isBoolean()) {
            throw new BadField(this, "true or false");
        }
        return json.booleanValue();
    }

    /** The elements of an array; none when absent. */
    List<Field> elements() {
        if (!present()) {
            return List.of();
        }
        if (!json.isArray()) {
            throw new BadField(this, "an array");
        }
        List<Field> elements = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            elements.add(at(i));
        }
        return elements;
    }

    /** An object of string values, such as labels; empty when absent. */
    Map<String, String> strings() {
        if (!present()) {
            return Map.of();
        }
        if (!json.isObject()) {
            throw new BadField(this, "an object of strings");
        }
        Map<String, String> strings = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : json.properties()) {
            strings.put(entry.getKey(), get(entry.getKey()).string());
        }
        return strings;
    }

    /** What the field holds, short enough for a log line. */
    String shown() {
        if (json.isMissingNode()) {
            return "nothing";
        }
        String text = json.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** A field that is missing or not what Marathon documents. */
    static final class BadField extends RuntimeException {

        BadField(Field field, String expected) {
            super("field " + (field.path.isEmpty() ? "(the document)" : field.path) + ": expected " + expected
                    + ", got " + field.shown());
        }
    }
}
