package io.mcpgw.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 exchange over a fresh loopback socket ({@code Connection: close}): sends header names and values
 * exactly as given (control characters, non-ASCII, duplicates), which {@code java.net.http} refuses to send. A reply
 * that does not finish within the timeout is a hang and fails the try.
 */
public final class RawHttp {
    private RawHttp() {
    }

    public record Reply(int status, String head, String body) {
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    public static Reply exchange(int port, String method, String target, Map<String, String> headers, byte[] body,
                                 int timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = in.read(buf)) >= 0) {
                    all.write(buf, 0, n);
                    if (System.currentTimeMillis() > deadline) {
                        throw new AssertionError("hang: no end of reply within " + timeoutMillis + " ms for "
                                + method + " " + target);
                    }
                }
            } catch (java.net.SocketException reset) {
                // the server may reset after a complete error reply (e.g. unread body): judge what arrived
            }
            byte[] bytes = all.toByteArray();
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 ") || end < 0) {
                throw new AssertionError("no HTTP reply to " + method + " " + target + ": [" + text + "]");
            }
            int status = Integer.parseInt(text.substring(9, 12));
            String replyHead = text.substring(0, end);
            byte[] rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
            if (replyHead.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                rest = dechunk(rest);
            }
            return new Reply(status, replyHead, new String(rest, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("hang: no reply within " + timeoutMillis + " ms to " + method + " " + target);
        } catch (IOException e) {
            throw new AssertionError("I/O error on " + method + " " + target + ": " + e);
        }
    }

    static byte[] dechunk(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            int lineEnd = i;
            while (lineEnd + 1 < in.length && !(in[lineEnd] == '\r' && in[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String sizeText = new String(in, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size;
            try {
                size = Integer.parseInt(sizeText, 16);
            } catch (NumberFormatException e) {
                break; // cut short: keep what was decoded
            }
            int start = lineEnd + 2;
            if (size == 0 || start + size > in.length) {
                break;
            }
            out.write(in, start, size);
            i = start + size + 2;
        }
        return out.toByteArray();
    }

    /**
     * The reply is not a 5xx, leaks no stack trace, and a JSON error body has the RFC shape: an OAuth
     * {@code {"error": "..."}} (RFC 6749 §5.2) or a JSON-RPC {@code {"jsonrpc":"2.0","error":{"code":n,"message":"..."}}}.
     */
    public static void assertShaped(Reply r, String what) {
        if (r.status() >= 500) {
            throw new AssertionError(what + " → " + r.status() + "\n" + r.head() + "\n" + r.body());
        }
        if (r.body().contains("Exception") || r.body().contains("\tat ") || r.body().contains("at io.mcpgw")) {
            throw new AssertionError(what + " leaks a stack trace: " + r.body());
        }
        String type = r.header("Content-Type");
        if (r.status() >= 400 && type != null && type.toLowerCase(Locale.ROOT).contains("json") && !r.body().isEmpty()) {
            JsonNode body;
            try {
                body = Json.parseUntrusted(r.body());
            } catch (IOException e) {
                throw new AssertionError(what + " → " + r.status() + " with a JSON type but no JSON: " + r.body());
            }
            boolean oauth = body.path("error").isTextual();
            boolean jsonRpc = "2.0".equals(body.path("jsonrpc").asText()) && body.path("error").path("code").isInt()
                    && body.path("error").path("message").isTextual();
            if (!oauth && !jsonRpc) {
                throw new AssertionError(what + " → " + r.status() + " error body not RFC-shaped: " + r.body());
            }
        }
    }
}
