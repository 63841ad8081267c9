package io.mcpgw.mcp.transport;

import io.mcpgw.routes.BeanNames;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.jsonrpc.ProtocolVersions;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Route step {@code mcpProtocolVersion}: a POST's {@code MCP-Protocol-Version} header, when present, must name a
 * revision the gateway speaks ({@link ProtocolVersions}); otherwise 400 (MCP transports §2.7). Without the header
 * 2025-03-26 is assumed.
 */
public final class ProtocolVersionStep implements Processor {
    public static final String BEAN = BeanNames.MCP_PROTOCOL_VERSION;

    @Override
    public void process(Exchange exchange) {
        RoutingContext ctx = McpHttpExchange.context(exchange);
        if (ctx == null || ctx.request().method() != HttpMethod.POST) {
            return;
        }
        String version = ctx.request().getHeader("MCP-Protocol-Version");
        if (version != null && !ProtocolVersions.supported(version)) {
            McpHttpExchange.answer(exchange, 400, JsonRpc.SERVER_ERROR, "Bad Request: Unsupported MCP-Protocol-Version "
                    + version + " (supported: " + String.join(", ", ProtocolVersions.SUPPORTED) + ")");
        }
    }
}
