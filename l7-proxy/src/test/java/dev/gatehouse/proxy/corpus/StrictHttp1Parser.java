package dev.gatehouse.proxy.corpus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A deliberately strict HTTP/1.1 request parser (RFC 9112, RFC 9110), the reference the corpus test holds
 * proxies to. Where the RFCs allow a recipient to be lenient (bare LF line ends, identical duplicate
 * Content-Length values, Content-Length beside Transfer-Encoding) it takes the strict reading, because
 * each leniency is a place where two parsers can disagree on where a request ends. Where the RFCs require
 * acceptance (leading zeros in Content-Length, chunk extensions, an empty line before the request line,
 * HTTP/1.x minor versions above 1) it accepts. Where the RFCs let a recipient normalize without changing where a
 * message ends, it reads the normalized message, which is what a proxy may forward: whitespace runs in the request
 * line (RFC 9112 §3), obs-fold replaced by SP (§5.2), a trailer field that only a header section may carry dropped
 * (RFC 9110 §6.5.1), and chunk extensions ignored whatever their names (§7.1.1), quoted strings still checked. An absolute-form authority must agree with Host (issue 24:
 * stricter than RFC 9112 §3.2.2, which lets the authority win), compared without case and default port. Request-target syntax is checked only for what changes
 * where a message ends or whom it is for: whitespace, control bytes, non-ASCII, fragments, userinfo.
 */
public final class StrictHttp1Parser {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern VERSION = Pattern.compile("HTTP/([0-9])\\.([0-9])");
    /** RFC 9110 §4.2.1 and RFC 3986 §3.2.2: a non-empty host (an http URI must have one), then an optional port. */
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9\\-._~%!$&'()*+,;=]+)(:[0-9]*)?");
    private static final Pattern ABSOLUTE = Pattern.compile("(?i)https?://([^/?#]*)(.*)");
    private static final Set<String> FORBIDDEN_TRAILERS = Set.of("content-length", "transfer-encoding", "host");

    private final byte[] in;
    private final boolean honourClose;
    private int pos;
    private String pending = "";

    private StrictHttp1Parser(byte[] in, boolean honourClose) {
        this.in = in;
        this.honourClose = honourClose;
    }

    /** The requests a server reads from a client's bytes: nothing after a request that closes the connection. */
    public static StrictParse parseClientStream(byte[] bytes) {
        return new StrictHttp1Parser(bytes, true).run();
    }

    /** Everything an upstream received on one connection, including bytes after a closing request. */
    public static StrictParse parseUpstreamStream(byte[] bytes) {
        return new StrictHttp1Parser(bytes, false).run();
    }

    private StrictParse run() {
        List<SeenRequest> requests = new ArrayList<>();
        while (true) {
            pending = "";
            try {
                skipEmptyLines();
                if (pos == in.length) {
                    return new StrictParse(List.copyOf(requests), StrictParse.Ending.COMPLETE, "", "");
                }
                Message message = message();
                requests.add(message.request);
                if (honourClose && message.closes) {
                    return new StrictParse(List.copyOf(requests), StrictParse.Ending.COMPLETE, "", "");
                }
            } catch (Incomplete e) {
                return new StrictParse(List.copyOf(requests), StrictParse.Ending.INCOMPLETE, e.getMessage(), pending);
            } catch (Invalid e) {
                return new StrictParse(List.copyOf(requests), StrictParse.Ending.INVALID, e.getMessage(), pending);
            }
        }
    }

    private record Message(SeenRequest request, boolean closes) {
    }

    private record Field(String name, String value) {
    }

    /** RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line. */
    private void skipEmptyLines() {
        while (pos + 1 < in.length && in[pos] == '\r' && in[pos + 1] == '\n') {
            pos += 2;
        }
    }

    private Message message() {
        String requestLine = line();
        String[] parts = requestLine.strip().split("[ \t\u000B\u000C]+", -1);
        if (parts.length != 3) {
            throw new Invalid("request line is not method SP target SP version");
        }
        String method = parts[0];
        String target = parts[1];
        if (!TOKEN.matcher(method).matches()) {
            throw new Invalid("method is not a token");
        }
        pending = method + " " + target;
        if (target.isEmpty() || !target.chars().allMatch(c -> c > 0x20 && c < 0x7F) || target.indexOf('#') >= 0) {
            throw new Invalid("request-target has whitespace, control, non-ASCII or fragment bytes");
        }
        var version = VERSION.matcher(parts[2]);
        if (!version.matches() || !version.group(1).equals("1")) {
            throw new Invalid("version " + parts[2] + " is not HTTP/1.x");
        }
        boolean http10 = version.group(2).equals("0");
        List<Field> fields = fields(false);

        String authority = authority(method, target, fields, http10);
        String path = target.startsWith("/") || target.equals("*") ? target : absolutePath(target);
        List<Field> lengths = named(fields, "content-length");
        List<Field> codings = named(fields, "transfer-encoding");
        String body;
        if (!codings.isEmpty()) {
            if (http10) {
                throw new Invalid("Transfer-Encoding in HTTP/1.0 (RFC 9112 §6.1: faulty framing)");
            }
            if (!lengths.isEmpty()) {
                throw new Invalid("Content-Length with Transfer-Encoding");
            }
            List<String> list = list(codings);
            if (!list.equals(List.of("chunked"))) {
                throw new Invalid("Transfer-Encoding " + list + " is not exactly chunked");
            }
            body = chunkedBody();
        } else if (!lengths.isEmpty()) {
            if (lengths.size() > 1) {
                throw new Invalid("more than one Content-Length");
            }
            body = fixedBody(contentLength(lengths.get(0).value()));
        } else {
            body = "";
        }
        List<String> connection = list(named(fields, "connection"));
        boolean closes = http10 ? !connection.contains("keep-alive") : connection.contains("close");
        return new Message(new SeenRequest(method, path, SeenRequest.normalAuthority(authority), body), closes);
    }

    /** RFC 9112 §3.2: exactly one valid Host in HTTP/1.1; an absolute-form authority wins and, stricter, must agree. */
    private static String authority(String method, String target, List<Field> fields, boolean http10) {
        List<Field> hosts = named(fields, "host");
        if (hosts.size() > 1 || (!http10 && hosts.isEmpty())) {
            throw new Invalid(hosts.size() + " Host fields");
        }
        String host = hosts.isEmpty() ? null : hosts.get(0).value();
        if (host != null && !HOST.matcher(host).matches()) {
            throw new Invalid("Host is not uri-host[:port]");
        }
        if (method.equals("CONNECT")) {
            throw new Invalid("CONNECT opens a tunnel, not served by a reverse proxy");
        }
        if (target.startsWith("/") || target.equals("*") && method.equals("OPTIONS")) {
            return host;
        }
        var absolute = ABSOLUTE.matcher(target);
        if (!absolute.matches()) {
            throw new Invalid("request-target is neither origin-form nor absolute-form");
        }
        String uriAuthority = absolute.group(1);
        if (uriAuthority.isEmpty() || uriAuthority.contains("@") || !HOST.matcher(uriAuthority).matches()) {
            throw new Invalid("absolute-form authority is empty, has userinfo or is not uri-host[:port]");
        }
        if (host != null && !SeenRequest.normalAuthority(host).equals(SeenRequest.normalAuthority(uriAuthority))) {
            throw new Invalid("Host disagrees with the absolute-form authority");
        }
        return uriAuthority;
    }

    private static String absolutePath(String target) {
        var absolute = ABSOLUTE.matcher(target);
        if (!absolute.matches()) {
            throw new IllegalStateException("checked in authority()");
        }
        String rest = absolute.group(2);
        return rest.isEmpty() ? "/" : rest.startsWith("?") ? "/" + rest : rest;
    }

    private List<Field> fields(boolean trailer) {
        List<Field> fields = new ArrayList<>();
        for (String line; !(line = line()).isEmpty(); ) {
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (fields.isEmpty()) {
                    throw new Invalid("obs-fold before any field line (RFC 9112 §5.2)");
                }
                Field folded = fields.remove(fields.size() - 1);
                fields.add(new Field(folded.name(), (folded.value() + " " + line.strip()).strip()));
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new Invalid("field line without a colon");
            }
            String name = line.substring(0, colon);
            if (!TOKEN.matcher(name).matches()) {
                throw new Invalid("field name is not a token (RFC 9110 §5.1; whitespace before the colon: RFC 9112 §5.1)");
            }
            String value = line.substring(colon + 1).replaceAll("^[ \t]+|[ \t]+$", "");
            if (!value.chars().allMatch(c -> c == ' ' || c == '\t' || c > 0x20 && c != 0x7F)) {
                throw new Invalid("control byte in a field value (RFC 9110 §5.5)");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (trailer && FORBIDDEN_TRAILERS.contains(lower)) {
                continue;
            }
            fields.add(new Field(lower, value));
        }
        return fields;
    }

    private static List<Field> named(List<Field> fields, String name) {
        return fields.stream().filter(f -> f.name().equals(name)).toList();
    }

    /** All lines of a list field as one list of lower-case members; empty members are ignored (RFC 9110 §5.6.1). */
    private static List<String> list(List<Field> fields) {
        List<String> members = new ArrayList<>();
        for (Field field : fields) {
            for (String member : field.value().split(",", -1)) {
                String trimmed = member.strip().toLowerCase(Locale.ROOT);
                if (!trimmed.isEmpty()) {
                    members.add(trimmed);
                }
            }
        }
        return members;
    }

    private static long contentLength(String value) {
        if (!value.matches("[0-9]+")) {
            throw new Invalid("Content-Length is not 1*DIGIT");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException overflow) {
            throw new Invalid("Content-Length overflows");
        }
    }

    private String fixedBody(long length) {
        if (in.length - pos < length) {
            throw new Incomplete("body shorter than Content-Length");
        }
        String body = new String(in, pos, (int) length, StandardCharsets.ISO_8859_1);
        pos += (int) length;
        return body;
    }

    private String chunkedBody() {
        StringBuilder body = new StringBuilder();
        while (true) {
            String sizeLine = line();
            int digits = 0;
            while (digits < sizeLine.length() && Character.digit(sizeLine.charAt(digits), 16) >= 0) {
                digits++;
            }
            if (digits == 0) {
                throw new Invalid("chunk size is not 1*HEXDIG");
            }
            long size;
            try {
                size = Long.parseLong(sizeLine.substring(0, digits).replaceFirst("^0+(?=.)", ""), 16);
            } catch (NumberFormatException overflow) {
                throw new Invalid("chunk size overflows");
            }
            checkExtensions(sizeLine.substring(digits));
            if (size == 0) {
                fields(true);
                return body.toString();
            }
            if (in.length - pos < size) {
                throw new Incomplete("chunk shorter than its size");
            }
            body.append(new String(in, pos, (int) size, StandardCharsets.ISO_8859_1));
            pos += (int) size;
            if (in.length - pos < 2) {
                throw new Incomplete("chunk data without its CRLF");
            }
            if (in[pos] != '\r' || in[pos + 1] != '\n') {
                throw new Invalid("chunk data not followed by CRLF");
            }
            pos += 2;
        }
    }

    /** RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] ). */
    private static void checkExtensions(String rest) {
        if (!rest.matches("([ \t]*;[ \t]*[!#$%&'*+\\-.^_`|~0-9A-Za-z]*"
                + "([ \t]*=[ \t]*([!#$%&'*+\\-.^_`|~0-9A-Za-z]+|\"([\t !#-\\[\\]-~\\x80-\\xFF]|\\\\[\t -~\\x80-\\xFF])*\"))?)*")) {
            throw new Invalid("chunk extension is not ;name[=token|quoted-string]");
        }
    }

    /** One line ended by CRLF; a bare CR or LF is invalid (RFC 9112 §2.2, the strict reading). */
    private String line() {
        int start = pos;
        for (int i = pos; i < in.length; i++) {
            if (in[i] == '\n') {
                throw new Invalid("bare LF");
            }
            if (in[i] == '\r') {
                if (i + 1 == in.length) {
                    break;
                }
                if (in[i + 1] != '\n') {
                    throw new Invalid("bare CR");
                }
                pos = i + 2;
                return new String(in, start, i - start, StandardCharsets.ISO_8859_1);
            }
        }
        throw new Incomplete("line without its CRLF");
    }

    private static final class Invalid extends RuntimeException {
        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final class Incomplete extends RuntimeException {
        Incomplete(String reason) {
            super(reason, null, false, false);
        }
    }
}
