package io.mcpgw.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small Streamable HTTP client for the tests: raw requests, SSE bodies parsed into their JSON messages. */
final class McpTestClient {
    static final String BOTH = "application/json, text/event-stream";
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final InProcessGateway gw;

    McpTestClient(InProcessGateway gw) {
        this.gw = gw;
    }

    HttpResponse<String> post(String service, String user, String sessionId, String body) throws Exception {
        return post(service, user, sessionId, body, Map.of("Accept", BOTH));
    }

    HttpResponse<String> post(String service, String user, String sessionId, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri("/" + service + "/mcp"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header("Authorization", "Bearer user-" + user);
        }
        if (sessionId != null) {
            b.header("Mcp-Session-Id", sessionId);
        }
        headers.forEach(b::setHeader);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String service, String user, String sessionId, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri("/" + service + "/mcp")).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            b.header("Authorization", "Bearer user-" + user);
        }
        if (sessionId != null) {
            b.header("Mcp-Session-Id", sessionId);
        }
        headers.forEach(b::setHeader);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** initialize + notifications/initialized; returns the session id. */
    String open(String service, String user) throws Exception {
        HttpResponse<String> r = post(service, user, null, initialize("2025-06-18"));
        if (r.statusCode() != 200) {
            throw new AssertionError("initialize failed: " + r.statusCode() + " " + r.body());
        }
        String session = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> n = post(service, user, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        if (n.statusCode() != 202) {
            throw new AssertionError("notifications/initialized: " + n.statusCode());
        }
        return session;
    }

    /** The JSON-RPC response of a reply, whether JSON or SSE (the last SSE message). */
    static JsonNode response(HttpResponse<String> r) throws Exception {
        List<JsonNode> messages = messages(r);
        return messages.get(messages.size() - 1);
    }

    /** Every JSON-RPC message of a reply: one for JSON, each SSE event's data otherwise. */
    static List<JsonNode> messages(HttpResponse<String> r) throws Exception {
        String type = r.headers().firstValue("Content-Type").orElse("");
        List<JsonNode> out = new ArrayList<>();
        if (type.startsWith("text/event-stream")) {
            for (String event : r.body().split("\n\n")) {
                for (String line : event.split("\n")) {
                    if (line.startsWith("data: ") && !line.isBlank() && line.length() > 6) { // not a priming event
                        out.add(Json.parseUntrusted(line.substring(6)));
                    }
                }
            }
        } else {
            out.add(Json.parseUntrusted(r.body()));
        }
        return out;
    }

    static String initialize(String version) {
        return "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"gateway-test\",\"version\":\"1\"}}}";
    }

    static String call(Object id, String tool, String argumentsJson) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + Json.write(id) + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + argumentsJson + "}}";
    }

    URI uri(String path) {
        return gw.uri(path);
    }
}
