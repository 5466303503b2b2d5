package dev.gatehouse.controller.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON object per line: {@code time} (ISO 8601, UTC), {@code level}, {@code logger}, {@code thread},
 * {@code message}, then the line's structured fields (SLF4J key-value pairs, such as {@code reason} and
 * {@code count}) and MDC entries at the top level, so Loki, Elasticsearch or Cloud Logging index them without a
 * parsing rule; {@code exception} holds a stack trace when there is one.
 */
public final class JsonLines extends EncoderBase<ILoggingEvent> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] NOTHING = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", event.getInstant().toString());
        line.put("level", event.getLevel().toString());
        line.put("logger", event.getLoggerName());
        line.put("thread", event.getThreadName());
        line.put("message", event.getFormattedMessage());
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                if (pair.value == null) {
                    continue;
                }
                line.putIfAbsent(pair.key, pair.value instanceof Number || pair.value instanceof Boolean
                        ? pair.value : String.valueOf(pair.value));
            }
        }
        event.getMDCPropertyMap().forEach(line::putIfAbsent);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.put("exception", ThrowableProxyUtil.asString(thrown));
        }
        return (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }
}
