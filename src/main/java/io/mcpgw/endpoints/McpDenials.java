package io.mcpgw.endpoints;

import io.mcpgw.access.AccessDecision;
import io.mcpgw.http.HtmlSecurityHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Writes an {@link AccessDecision.Denied} as the HTTP answer of a Camel route. */
final class McpDenials {
    private McpDenials() {
    }

    static void write(Exchange exchange, AccessDecision.Denied denied) {
        Message m = exchange.getMessage();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, denied.status());
        m.setHeader(Exchange.CONTENT_TYPE, denied.contentType());
        m.setHeader("Cache-Control", "no-store");
        if (HtmlSecurityHeaders.isHtml(denied.contentType())) {
            HtmlSecurityHeaders.apply(m::setHeader);
        }
        denied.headers().forEach(m::setHeader);
        m.setBody(denied.body());
    }
}
