package io.mcpgw.mcp.transport;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code mcp-http:<service>}: MCP Streamable HTTP requests of one service as Camel exchanges, the first endpoint of
 * its route. The HTTP side is a plain Vert.x handler on the platform-http router ({@link McpHttpMount}), because
 * platform-http on Camel 4.17 buffers streamed bodies (SSE events would not be flushed one by one); it hands each
 * request to the consumer of the service named in the URL, while that consumer (its route) runs.
 */
public final class McpHttpComponent extends DefaultComponent {
    public static final String SCHEME = "mcp-http";
    private final Map<String, McpHttpConsumer> consumers = new ConcurrentHashMap<>();
    private final ReplyWriter replies;

    public McpHttpComponent(ReplyWriter replies) {
        this.replies = replies;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        McpHttpEndpoint endpoint = new McpHttpEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The consumer of {@code service}'s route, while it runs. */
    Optional<McpHttpConsumer> consumer(String service) {
        return Optional.ofNullable(consumers.get(service));
    }

    void started(McpHttpConsumer consumer) {
        consumers.put(consumer.service(), consumer);
    }

    void stopped(McpHttpConsumer consumer) {
        consumers.remove(consumer.service(), consumer);
    }

    ReplyWriter replies() {
        return replies;
    }
}
