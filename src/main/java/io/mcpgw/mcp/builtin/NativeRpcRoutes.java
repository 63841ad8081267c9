package io.mcpgw.mcp.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.jsonrpc.ProtocolVersions;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-RPC side of every native MCP service, as Camel routes.
 *
 * <p>{@code mcp-native-rpc} ({@value #RPC}): the body is one request of a session (gateway id), the exchange property
 * {@link #DEFINITION} the service; a {@code choice} on the method answers {@code initialize} (the gateway negotiates:
 * the client's version when it is one of {@link ProtocolVersions#STREAMABLE_HTTP}, else the latest; capabilities {@code {tools:{}}}),
 * {@code ping}, {@code tools/list}, and {@code tools/call}, which goes on to the tool's own route
 * {@code direct:mcp-tool-<id>} (one per {@link NativeTool}); any other method is -32601. The body out is the
 * response, with the request's id. {@link RpcException}s become their JSON-RPC error, anything else -32603.
 */
public final class NativeRpcRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(NativeRpcRoutes.class);
    public static final String RPC = "direct:mcp-native-rpc";
    /** {@link NativeServiceDefinition} of the service the request is for. */
    public static final String DEFINITION = "mcpNativeDefinition";
    /** The user the session belongs to (for logs). */
    public static final String USER = "mcpNativeUser";
    static final String REQUEST = "mcpNativeRequest";
    static final String TOOL = "mcpNativeTool";

    private final NativeTools tools;

    public NativeRpcRoutes(NativeTools tools) {
        this.tools = tools;
    }

    @Override
    public void configure() {
        onException(RpcException.class).handled(true).process(e -> {
            RpcException x = e.getProperty(Exchange.EXCEPTION_CAUGHT, RpcException.class);
            e.getMessage().setBody(JsonRpc.error(id(e), x.code(), x.getMessage()));
        });
        onException(Exception.class).handled(true).process(e -> {
            Exception x = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            LOG.warn("event=native_rpc_error method={} error={}", JsonRpc.method(request(e)), x.toString(), x);
            e.getMessage().setBody(JsonRpc.error(id(e), JsonRpc.INTERNAL_ERROR, "Internal error"));
        });

        from(RPC).routeId("mcp-native-rpc")
                .process(e -> e.setProperty(REQUEST, e.getMessage().getBody(ObjectNode.class)))
                .choice()
                    .when(method("initialize")).process(NativeRpcRoutes::initialize)
                    .when(method("ping")).process(e -> result(e, JsonNodeFactory.instance.objectNode()))
                    .when(method("tools/list")).process(this::toolsList)
                    .when(method("tools/call"))
                        .process(this::selectTool)
                        .toD("direct:mcp-tool-${exchangeProperty." + TOOL + "}?block=false") // a missing tool route fails at once
                        .process(e -> result(e, e.getMessage().getBody(ObjectNode.class)))
                    .otherwise().process(e -> {
                        throw new RpcException(RpcException.METHOD_NOT_FOUND, "Method not found: " + JsonRpc.method(request(e)));
                    })
                .end();

        for (NativeTool tool : tools.all()) {
            from(NativeTool.endpoint(tool.id())).routeId("mcp-tool-" + tool.id())
                    .errorHandler(noErrorHandler()) // failures go back to mcp-native-rpc, which answers them
                    .process(tool);
        }
    }

    private static Predicate method(String name) {
        return e -> name.equals(JsonRpc.method(request(e)));
    }

    private static ObjectNode request(Exchange e) {
        return e.getProperty(REQUEST, ObjectNode.class);
    }

    private static JsonNode id(Exchange e) {
        ObjectNode request = request(e);
        return request == null ? null : request.get("id");
    }

    private static void result(Exchange e, ObjectNode result) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("jsonrpc", "2.0");
        out.set("id", id(e));
        out.set("result", result);
        e.getMessage().setBody(out);
    }

    private static NativeServiceDefinition definition(Exchange e) {
        return e.getProperty(DEFINITION, NativeServiceDefinition.class);
    }

    private static ObjectNode params(Exchange e) {
        JsonNode params = request(e).get("params");
        if (params == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!params.isObject()) {
            throw RpcException.invalidParams("params must be an object");
        }
        return (ObjectNode) params;
    }

    /** The gateway is the server here: the client's version when spoken, else the latest (lifecycle §version). */
    static void initialize(Exchange e) {
        JsonNode requested = params(e).get("protocolVersion");
        if (requested == null || !requested.isTextual()) {
            throw RpcException.invalidParams("protocolVersion is required");
        }
        NativeServiceDefinition d = definition(e);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("protocolVersion", ProtocolVersions.STREAMABLE_HTTP.contains(requested.textValue()) ? requested.textValue() : ProtocolVersions.LATEST);
        result.putObject("capabilities").putObject("tools");
        result.putObject("serverInfo").put("name", d.name()).put("version", d.serverVersion());
        result(e, result);
    }

    private void toolsList(Exchange e) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        var list = result.putArray("tools");
        NativeServiceDefinition d = definition(e);
        for (String id : d.tools()) {
            tools.find(id).ifPresent(t -> list.add(t.descriptor(d)));
        }
        result(e, result);
    }

    private void selectTool(Exchange e) {
        ObjectNode params = params(e);
        JsonNode name = params.get("name");
        if (name == null || !name.isTextual()) {
            throw RpcException.invalidParams("name (the tool) is required");
        }
        String id = definition(e).tools().stream().map(tools::find).flatMap(Optional::stream)
                .filter(t -> t.name().equals(name.textValue())).map(NativeTool::id).findFirst()
                .orElseThrow(() -> RpcException.invalidParams("Unknown tool: " + name.textValue()));
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isObject() && !arguments.isNull()) {
            throw RpcException.invalidParams("arguments must be an object");
        }
        e.setProperty(TOOL, id);
        e.getMessage().setBody(arguments instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode());
    }
}
