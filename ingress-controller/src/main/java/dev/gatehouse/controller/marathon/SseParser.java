package dev.gatehouse.controller.marathon;

import java.util.function.Consumer;

/**
 * The framing of server-sent events (WHATWG HTML, "event stream interpretation"), fed one line at a time
 * without its line ending: {@code event:} names the event, {@code data:} lines add up to its data (joined
 * by newlines), a blank line dispatches it, a line starting with {@code :} is a comment, one space after
 * the colon is not part of the value, and {@code id:}, {@code retry:} and unknown fields are ignored. An
 * event that the stream ends before dispatching is dropped, as the specification says.
 */
final class SseParser {

    /** One dispatched event; the name is {@code message} when the stream named none. */
    record Event(String name, String data) {
    }

    private final Consumer<Event> dispatch;
    private final StringBuilder data = new StringBuilder();
    private String name = "";
    private boolean first = true;

    SseParser(Consumer<Event> dispatch) {
        this.dispatch = dispatch;
    }

    void line(String line) {
        if (first) {
            first = false;
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
        }
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(line.startsWith(" ", colon + 1) ? colon + 2 : colon + 1);
        if (field.equals("event")) {
            name = value;
        } else if (field.equals("data")) {
            data.append(value).append('\n');
        }
    }

    private void dispatch() {
        if (data.length() == 0) {
            name = "";
            return;
        }
        Event event = new Event(name.isEmpty() ? "message" : name, data.substring(0, data.length() - 1));
        name = "";
        data.setLength(0);
        dispatch.accept(event);
    }
}
