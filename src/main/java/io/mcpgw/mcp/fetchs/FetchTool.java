package io.mcpgw.mcp.fetchs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.builtin.NativeRpcRoutes;
import io.mcpgw.mcp.builtin.NativeServiceDefinition;
import io.mcpgw.mcp.builtin.NativeTool;
import io.mcpgw.mcp.builtin.RpcException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code fetch} tool of the native {@code fetchs} service: the arguments of the Python {@code mcp-server-fetch}
 * ({@code url}, {@code max_length} default 5000 and at most 100000, {@code start_index}, {@code raw}), fetched with
 * {@link SafeFetcher} under the service's limits. HTML becomes readable Markdown-like text ({@link HtmlText}, within
 * a time budget and stopped by cancellation) unless {@code raw}; long content is
 * returned a page at a time ({@code start_index} of the next page in the note at the end). A refused or failed fetch,
 * and an HTTP status of 400 or more, is a result with {@code isError: true} and the reason; arguments that do not
 * fit the schema are JSON-RPC -32602.
 *
 * <p>{@link #reference} is the same tool as the reference server shows it (the bundled {@code fetch} service): its
 * description and input schema ({@code max_length} below 1000000), {@code Contents of <the URL asked for>}, its
 * wording for content that is not HTML and for HTTP errors ({@code Failed to fetch <url> - status code 404}), and,
 * as there, arguments that do not fit are a result with {@code isError: true}. The address checks and limits are
 * the same as {@code fetchs}'.
 */
public final class FetchTool implements NativeTool {
    private static final Logger LOG = LoggerFactory.getLogger(FetchTool.class);
    public static final String NAME = "fetch";
    public static final int DEFAULT_MAX_LENGTH = 5000;
    public static final int MAX_MAX_LENGTH = 100_000;
    /** The id of the reference flavour in service files. */
    public static final String REFERENCE_ID = "fetch-reference";
    static final int REFERENCE_MAX_LENGTH = 999_999;
    private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)", Pattern.CASE_INSENSITIVE);

    private final SafeFetcher fetcher;
    private final ObjectNode descriptor;
    private final boolean reference;
    private final int maxMaxLength;

    public FetchTool(SafeFetcher fetcher) {
        this(fetcher, false);
    }

    private FetchTool(SafeFetcher fetcher, boolean reference) {
        this.fetcher = fetcher;
        this.reference = reference;
        this.descriptor = reference ? referenceSchema() : schema();
        this.maxMaxLength = reference ? REFERENCE_MAX_LENGTH : MAX_MAX_LENGTH;
    }

    /** The tool as the reference server {@code mcp-server-fetch} describes and answers it (id {@value #REFERENCE_ID}). */
    public static FetchTool reference(SafeFetcher fetcher) {
        return new FetchTool(fetcher, true);
    }

    @Override
    public String id() {
        return reference ? REFERENCE_ID : NAME;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode descriptor() {
        return descriptor.deepCopy();
    }

    @Override
    public Optional<String> unavailable() {
        return SafeFetcher.unavailable();
    }

    private static ObjectNode schema() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode d = f.objectNode();
        d.put("name", NAME);
        d.put("title", "Fetch a URL");
        d.put("description", "Fetches a URL from the internet and returns its content as text (HTML is converted to"
                + " readable text unless raw is true). Long content comes a page at a time: call again with the"
                + " start_index given at the end of the page. Only http and https; loopback, private, link-local and"
                + " cloud metadata addresses are refused.");
        ObjectNode schema = d.putObject("inputSchema");
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        props.putObject("url").put("type", "string").put("format", "uri").put("description", "URL to fetch (http or https)");
        props.putObject("max_length").put("type", "integer").put("default", DEFAULT_MAX_LENGTH).put("minimum", 1)
                .put("maximum", MAX_MAX_LENGTH).put("description", "Maximum number of characters to return");
        props.putObject("start_index").put("type", "integer").put("default", 0).put("minimum", 0)
                .put("description", "Return content starting at this character index (for the next page)");
        props.putObject("raw").put("type", "boolean").put("default", false)
                .put("description", "Return the content as it is, without converting HTML to text");
        schema.putArray("required").add("url");
        return d;
    }

    /** The reference server's {@code Fetch.model_json_schema()} and tool description. */
    private static ObjectNode referenceSchema() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode d = f.objectNode();
        d.put("name", NAME);
        d.put("description", "Fetches a URL from the internet and optionally extracts its contents as markdown.\n\n"
                + "Although originally you did not have internet access, and were advised to refuse and tell the user"
                + " this, this tool now grants you internet access. Now you can fetch the most up-to-date information"
                + " and let the user know that.");
        ObjectNode schema = d.putObject("inputSchema");
        schema.put("description", "Parameters for fetching a URL.");
        ObjectNode props = schema.putObject("properties");
        props.putObject("url").put("description", "URL to fetch").put("format", "uri").put("minLength", 1)
                .put("title", "Url").put("type", "string");
        props.putObject("max_length").put("default", DEFAULT_MAX_LENGTH)
                .put("description", "Maximum number of characters to return.").put("exclusiveMaximum", 1000000)
                .put("exclusiveMinimum", 0).put("title", "Max Length").put("type", "integer");
        props.putObject("start_index").put("default", 0).put("description", "On return output starting at this"
                        + " character index, useful if a previous fetch was truncated and more context is required.")
                .put("minimum", 0).put("title", "Start Index").put("type", "integer");
        props.putObject("raw").put("default", false)
                .put("description", "Get the actual HTML content of the requested page, without simplification.")
                .put("title", "Raw").put("type", "boolean");
        schema.putArray("required").add("url");
        schema.put("title", "Fetch");
        schema.put("type", "object");
        d.putObject("annotations").put("readOnlyHint", true).put("idempotentHint", true).put("openWorldHint", true);
        return d;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (!reference) {
            fetch(exchange);
            return;
        }
        try {
            fetch(exchange);
        } catch (RpcException e) {
            exchange.getMessage().setBody(error(e.getMessage()));
        }
    }

    private void fetch(Exchange exchange) throws Exception {
        ObjectNode args = exchange.getMessage().getBody(ObjectNode.class);
        NativeServiceDefinition d = exchange.getProperty(NativeRpcRoutes.DEFINITION, NativeServiceDefinition.class);
        JsonNode urlNode = args.get("url");
        if (urlNode == null || !urlNode.isTextual() || urlNode.textValue().isBlank()) {
            throw RpcException.invalidParams("url is required and must be a string");
        }
        int maxLength = integer(args, "max_length", DEFAULT_MAX_LENGTH, 1, maxMaxLength);
        int startIndex = integer(args, "start_index", 0, 0, Integer.MAX_VALUE);
        JsonNode rawNode = args.get("raw");
        if (rawNode != null && !rawNode.isNull() && !rawNode.isBoolean()) {
            throw RpcException.invalidParams("raw must be a boolean");
        }
        boolean raw = rawNode != null && rawNode.asBoolean(false);
        String url = urlNode.textValue();
        SafeFetcher.Limits limits = new SafeFetcher.Limits(d.maxBytes(), d.timeout(), d.connectTimeout(),
                d.maxRedirects(), d.userAgent());
        ObjectNode result;
        try {
            SafeFetcher.Response r = fetcher.fetch(SafeFetcher.parse(url), limits);
            result = r.status() >= 400
                    ? error(reference ? "Failed to fetch " + url + " - status code " + r.status()
                            : "Failed to fetch " + url + ": the server answered HTTP " + r.status())
                    : content(url, r, maxLength, startIndex, raw, d.maxBytes(), reference);
        } catch (FetchException e) {
            LOG.info("event=fetch_{} service={} user={} reason=\"{}\"", e.refused() ? "refused" : "failed", d.name(),
                    exchange.getProperty(NativeRpcRoutes.USER), e.getMessage());
            result = error((e.refused() ? "Refused to fetch " : "Failed to fetch ") + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = error("Failed to fetch " + url + ": cancelled");
        }
        exchange.getMessage().setBody(result);
    }

    private static int integer(ObjectNode args, String key, int def, int min, int max) {
        JsonNode n = args.get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min || n.intValue() > max) {
            throw RpcException.invalidParams(key + " must be an integer from " + min + " to " + max);
        }
        return n.intValue();
    }

    private static ObjectNode content(String requested, SafeFetcher.Response r, int maxLength, int startIndex,
                                      boolean raw, long maxBytes, boolean reference) {
        String text = new String(r.body(), charset(r.contentType()));
        if (looksBinary(text)) {
            return error("Failed to fetch " + requested + ": the content is binary ("
                    + (r.contentType().isEmpty() ? "no type" : r.contentType()) + "), not text");
        }
        String prefix = "";
        if (!raw) {
            if (HtmlText.isHtml(r.contentType(), text)) {
                boolean longPage = text.length() > HtmlText.MAX_HTML_CHARS;
                try {
                    text = HtmlText.toText(text, r.url().toString(), HtmlText.DEFAULT_BUDGET);
                } catch (ConversionStoppedException e) {
                    return error("Failed to convert " + requested + " to text: " + e.getMessage()
                            + (e.cancelled() ? "" : "; call the fetch tool again with raw set to true"));
                }
                if (longPage) {
                    text += "\n\n<note>Only the first " + HtmlText.MAX_HTML_CHARS
                            + " characters of the page were converted to text.</note>";
                }
            } else {
                prefix = "Content type " + (r.contentType().isEmpty() ? "unknown" : r.contentType())
                        + (reference ? " cannot be simplified to markdown" : " cannot be simplified to text")
                        + ", but here is the raw content:\n";
            }
        }
        StringBuilder out = new StringBuilder(prefix).append("Contents of ")
                .append(reference ? referenceUrl(requested) : r.url().toString());
        if (r.redirects() > 0 && !reference) {
            out.append(" (redirected from ").append(requested).append(')');
        }
        out.append(":\n");
        if (startIndex >= text.length()) {
            out.append("<error>No more content available.</error>");
        } else {
            int end = (int) Math.min((long) startIndex + maxLength, text.length());
            int from = startIndex;
            if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
                from--;
            }
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            out.append(text, from, end);
            if (end < text.length()) {
                out.append("\n\n<error>Content truncated. Call the fetch tool with a start_index of ").append(end)
                        .append(" to get more content.</error>");
            }
        }
        if (r.truncated()) {
            out.append("\n\n<note>The response was larger than ").append(maxBytes)
                    .append(" bytes, the gateway's limit; only that much was read.</note>");
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.putArray("content").addObject().put("type", "text").put("text", out.toString());
        result.put("isError", false);
        return result;
    }

    /** The URL as the reference server prints it (pydantic's {@code AnyUrl}: a bare host gets its {@code /}). */
    private static String referenceUrl(String requested) {
        try {
            java.net.URI u = new java.net.URI(requested);
            return u.getRawAuthority() != null && (u.getRawPath() == null || u.getRawPath().isEmpty())
                    ? requested.replaceFirst("^([^:]+://[^/?#]+)", "$1/") : requested;
        } catch (java.net.URISyntaxException e) {
            return requested;
        }
    }

    private static boolean looksBinary(String text) {
        int n = Math.min(text.length(), 1024);
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) == 0) {
                return true;
            }
        }
        return false;
    }

    private static Charset charset(String contentType) {
        Matcher m = CHARSET.matcher(contentType);
        if (m.find()) {
            try {
                return Charset.forName(m.group(1).toLowerCase(Locale.ROOT));
            } catch (RuntimeException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    static ObjectNode error(String message) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.putArray("content").addObject().put("type", "text").put("text", message);
        result.put("isError", true);
        return result;
    }
}
