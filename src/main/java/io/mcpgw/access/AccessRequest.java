package io.mcpgw.access;

/**
 * What is being accessed and with which credentials.
 *
 * @param service       the MCP service name, e.g. {@code everything}
 * @param resource      the resource URL the client used (the token audience it needs), e.g. {@code http://localhost:8080/everything/mcp}
 * @param authorization the raw {@code Authorization} header, or null
 * @param accept        the raw {@code Accept} header, or null (a browser gets an HTML explanation instead of JSON)
 */
public record AccessRequest(String service, String resource, String authorization, String accept) {
}
