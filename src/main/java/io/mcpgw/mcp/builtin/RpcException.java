package io.mcpgw.mcp.builtin;

/**
 * A JSON-RPC error a native service answers with ({@code -32602} invalid params, {@code -32601} method not found):
 * the {@code mcp-native-rpc} route turns it into the error response of the request.
 */
public final class RpcException extends RuntimeException {
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    private final int code;

    public RpcException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public static RpcException invalidParams(String message) {
        return new RpcException(INVALID_PARAMS, "Invalid params: " + message);
    }

    public int code() {
        return code;
    }
}
