package io.mcpgw.mcp.stateless;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.session.McpSession;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a warm child's server→client requests get: a stateless client cannot be asked anything in the middle of
 * its request (the revision forbids requests on a response stream), and the warm child was initialized without
 * client capabilities, so a child that asks anyway ({@code sampling/createMessage}, {@code elicitation/create},
 * {@code roots/list}, ...) is answered at once with -32601, off the thread that read the child's output.
 */
public final class ServerRequestRefusal {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRequestRefusal.class);

    private ServerRequestRefusal() {
    }

    public static void refuse(McpSession session, ObjectNode request, Executor executor) {
        ObjectNode answer = JsonRpc.error(request.get("id"), StatelessProtocol.METHOD_NOT_FOUND,
                "The client of this request uses the stateless protocol and cannot answer " + JsonRpc.method(request));
        LOG.info("event=stateless_server_request_refused service={} method={}", session.service(), JsonRpc.method(request));
        executor.execute(() -> {
            try {
                session.respond(answer);
            } catch (Exception e) {
                // the child is gone; nothing to answer
            }
        });
    }
}
