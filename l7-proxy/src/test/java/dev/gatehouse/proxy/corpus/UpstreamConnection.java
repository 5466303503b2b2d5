package dev.gatehouse.proxy.corpus;

/**
 * What one proxy-to-upstream connection carried, parsed strictly.
 *
 * @param bytes the bytes that arrived, one char per byte
 * @param parse the requests in them and how the stream ended
 */
public record UpstreamConnection(String bytes, StrictParse parse) {

    /** The bytes as corpus escapes, shortened, for failure messages. */
    public String escaped() {
        String shown = bytes.length() > 600 ? bytes.substring(0, 600) + "..." : bytes;
        return shown.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t").replace("\0", "\\0");
    }
}
