package io.mcpgw.oauth.pages;

import java.util.List;

/** The gateway's few HTML pages. Every value shown is escaped with {@link Html#e}. */
public final class Pages {
    private Pages() {
    }

    /**
     * What the consent page shows and posts back.
     *
     * @param redirectTarget the host of an http(s) redirect URI, or the whole redirect URI of a private-use scheme
     * @param appRedirect    the redirect URI has a private-use scheme: it opens an application on this device
     * @param documentHost   the host of the client's metadata document when its client id is a URL; else null
     */
    public record ConsentView(String clientName, String clientId, String redirectTarget, boolean loopbackRedirect,
                              boolean appRedirect, List<String> services, List<String> scopes, String requestId,
                              String csrfToken, String action, String upstreamName, String documentHost) {

        /** A registered client (no metadata document). */
        public ConsentView(String clientName, String clientId, String redirectTarget, boolean loopbackRedirect,
                           boolean appRedirect, List<String> services, List<String> scopes, String requestId,
                           String csrfToken, String action, String upstreamName) {
            this(clientName, clientId, redirectTarget, loopbackRedirect, appRedirect, services, scopes, requestId,
                    csrfToken, action, upstreamName, null);
        }
    }

    public static String consent(ConsentView v) {
        StringBuilder b = new StringBuilder();
        String name = v.clientName() == null || v.clientName().isBlank() ? "An unnamed application" : v.clientName();
        b.append("<h1>Allow <span id=\"client-name\">").append(Html.e(name)).append("</span> to use your MCP services?</h1>");
        b.append("<dl>");
        b.append("<dt>Application</dt><dd id=\"client-id\">").append(Html.e(name)).append(" (client id ")
                .append(Html.e(v.clientId())).append(")</dd>");
        if (v.documentHost() != null) {
            b.append("<dt>Described by</dt><dd><span id=\"client-host\">").append(Html.e(v.documentHost()))
                    .append("</span>, the web site that publishes this application's name and addresses</dd>");
        }
        b.append("<dt>It will receive the authorization at</dt><dd id=\"redirect-host\">")
                .append(Html.e(v.redirectTarget())).append("</dd>");
        b.append("<dt>Services</dt><dd id=\"services\">").append(Html.e(String.join(", ", v.services()))).append("</dd>");
        b.append("<dt>Permissions</dt><dd id=\"scopes\">").append(Html.e(String.join(" ", v.scopes()))).append("</dd>");
        b.append("</dl>");
        if (v.appRedirect()) {
            b.append("<p class=\"warn\" id=\"app-redirect\">The address above is not a web site: it opens an "
                    + "application on this device that registered this address. Only continue if you started the "
                    + "connection yourself from that application.</p>");
        }
        if (v.loopbackRedirect()) {
            b.append("<p class=\"warn\">This application runs on your own computer (its address is a local one). "
                    + "Only continue if you started the connection yourself.</p>");
            if (v.documentHost() != null) {
                b.append("<p class=\"warn\" id=\"local-claim\">Any program on this computer can claim the details "
                        + "published by ").append(Html.e(v.documentHost())).append(": the name above does not prove "
                        + "which program is asking.</p>");
            }
        }
        b.append("<p>After you allow it you will sign in with ").append(Html.e(v.upstreamName()))
                .append(". Nothing is shared if you deny.</p>");
        b.append("<form method=\"post\" action=\"").append(Html.e(v.action())).append("\">");
        b.append("<input type=\"hidden\" name=\"request\" value=\"").append(Html.e(v.requestId())).append("\">");
        b.append("<input type=\"hidden\" name=\"csrf_token\" value=\"").append(Html.e(v.csrfToken())).append("\">");
        b.append("<div class=\"actions\"><button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Allow</button>");
        b.append("<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button></div></form>");
        return Html.page("Allow access? - MCP OAuth Gateway", b.toString());
    }

    /** The local development login : a user name, no password, loopback only. */
    public static String devLogin(String action, String state, String error) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>Local development login</h1>");
        b.append("<p>This gateway has no upstream identity provider configured and only listens on this computer. "
                + "Choose the user name to sign in as.</p>");
        if (error != null) {
            b.append("<p class=\"warn\" id=\"error\">").append(Html.e(error)).append("</p>");
        }
        b.append("<form method=\"post\" action=\"").append(Html.e(action)).append("\">");
        b.append("<input type=\"hidden\" name=\"state\" value=\"").append(Html.e(state)).append("\">");
        b.append("<label>User name <input type=\"text\" name=\"username\" id=\"username\" autofocus required "
                + "maxlength=\"39\" pattern=\"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}\"></label>");
        b.append("<div class=\"actions\"><button type=\"submit\" id=\"login\">Sign in</button></div></form>");
        return Html.page("Sign in - MCP OAuth Gateway", b.toString());
    }

    /** What a browser sees at a protected MCP endpoint: how to connect an MCP client instead. */
    public static String connectInstructions(String mcpUrl) {
        return Html.page("MCP endpoint - MCP OAuth Gateway",
                "<h1>This is an MCP endpoint</h1><p>It speaks the Model Context Protocol and is protected by OAuth 2.1. "
                        + "Open it with an MCP client, not a browser: add a remote (Streamable HTTP) MCP server with the URL</p>"
                        + "<p><code id=\"mcp-url\">" + Html.e(mcpUrl) + "</code></p>"
                        + "<p>in Claude, ChatGPT, VS Code, MCP Inspector, or <code>npx mcp-remote " + Html.e(mcpUrl)
                        + "</code>. The client registers itself, asks you to sign in and to allow it, and then connects.</p>");
    }

    /** An error the browser user must see because there is no trustworthy place to redirect to. */
    public static String error(String title, String message) {
        return Html.page(Html.e(title) + " - MCP OAuth Gateway",
                "<h1>" + Html.e(title) + "</h1><p id=\"message\">" + Html.e(message) + "</p>"
                        + "<p>Start the connection again from your MCP client. If this keeps happening, ask the "
                        + "gateway operator; the client may need to register again.</p>");
    }
}
