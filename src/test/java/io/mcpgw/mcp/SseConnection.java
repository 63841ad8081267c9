package io.mcpgw.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request on its own loopback socket whose SSE reply is read event by event, so a test can stop reading
 * in the middle of a stream and drop the connection ({@link #close}) exactly where it wants, as a network failure
 * would.
 */
final class SseConnection implements AutoCloseable {
    /** One Server-Sent Event: its id (null without one) and data (empty for a priming event). */
    record Event(String id, String data) {
    }

    private final Socket socket;
    private final InputStream in;
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    private final boolean chunked;
    private int chunkLeft;
    private boolean eof;
    private final StringBuilder pending = new StringBuilder();

    private SseConnection(Socket socket, int timeoutMillis) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(timeoutMillis);
        this.in = socket.getInputStream();
        String statusLine = rawLine();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String line = rawLine(); !line.isEmpty(); line = rawLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        if (!chunked) {
            chunkLeft = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        }
    }

    static SseConnection open(int port, String method, String path, Map<String, String> requestHeaders, String body)
            throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n");
        requestHeaders.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n");
        }
        head.append("\r\n");
        OutputStream out = s.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.flush();
        return new SseConnection(s, 30_000);
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The next event, or null when the stream ended. Comment lines are skipped. */
    Event next() throws IOException {
        String id = null;
        StringBuilder data = null;
        while (true) {
            String line = bodyLine();
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                if (id != null || data != null) {
                    return new Event(id, data == null ? "" : data.toString());
                }
                continue;
            }
            if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("data:")) {
                String d = line.substring(5);
                d = d.startsWith(" ") ? d.substring(1) : d;
                data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
            }
        }
    }

    /** The rest of the body as text (for a JSON error reply). */
    String rest() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String line = bodyLine(); line != null; line = bodyLine()) {
            all.append(line).append('\n');
        }
        return all.toString().strip();
    }

    private String bodyLine() throws IOException {
        while (true) {
            int nl = pending.indexOf("\n");
            if (nl >= 0) {
                String line = pending.substring(0, nl);
                pending.delete(0, nl + 1);
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            }
            byte[] chunk = bodyBytes();
            if (chunk == null) {
                if (pending.length() > 0) {
                    String last = pending.toString();
                    pending.setLength(0);
                    return last;
                }
                return null;
            }
            pending.append(new String(chunk, StandardCharsets.UTF_8));
        }
    }

    private byte[] bodyBytes() throws IOException {
        if (eof) {
            return null;
        }
        if (chunkLeft == 0) {
            if (!chunked) {
                eof = true;
                return null;
            }
            String size = rawLine();
            if (size.isEmpty()) {
                size = rawLine();
            }
            chunkLeft = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (chunkLeft == 0) {
                eof = true;
                return null;
            }
        }
        byte[] buf = new byte[chunkLeft];
        int n = in.read(buf);
        if (n < 0) {
            eof = true;
            return null;
        }
        chunkLeft -= n;
        byte[] out = new byte[n];
        System.arraycopy(buf, 0, out, 0, n);
        return out;
    }

    private String rawLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("connection closed");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
