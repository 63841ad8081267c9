package io.mcpgw.mcp.builtin;

import io.mcpgw.mcp.service.ServiceRuntime;
import io.mcpgw.mcp.session.McpBackend;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;

/**
 * A running native service: its definition, the entry into the {@code mcp-native-rpc} route, and the pool its
 * messages are handled on. Each session gets its own {@link NativeBackend}.
 */
public final class NativeService implements ServiceRuntime {
    private final NativeServiceDefinition definition;
    private final CamelContext context;
    private final Processor rpc;
    private final ExecutorService executor;
    private final String unavailableReason;

    public NativeService(NativeServiceDefinition definition, NativeTools tools, CamelContext context, Processor rpc,
                         ExecutorService executor) {
        this.definition = definition;
        this.context = context;
        this.rpc = rpc;
        this.executor = executor;
        String reason = null;
        for (String name : definition.tools()) {
            Optional<String> why = tools.find(name).map(NativeTool::unavailable)
                    .orElse(Optional.of("tool " + name + " is not built into this gateway"));
            if (why.isPresent()) {
                reason = why.get();
                break;
            }
        }
        this.unavailableReason = reason;
    }

    @Override
    public NativeServiceDefinition definition() {
        return definition;
    }

    @Override
    public Optional<String> unavailable() {
        return Optional.ofNullable(unavailableReason);
    }

    /** The backend of one session of {@code userId}; {@code listener} receives its answers. */
    public NativeBackend start(String userId, McpBackend.Listener listener) {
        return new NativeBackend(this, userId, listener, context, rpc, executor);
    }
}
