package io.mcpgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.testsupport.DocumentSite;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.NodeClient;
import io.mcpgw.testsupport.NodeClient.Steps;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official MCP TypeScript SDK client ({@code @modelcontextprotocol/sdk} 1.32.x, {@code src/test/node/
 * sdk-cimd-client.mjs}) identifying itself with a Client ID Metadata Document: its provider has a
 * {@code clientMetadataUrl} on a local HTTPS site (self-signed certificate trusted through {@code CIMD_CA_FILE};
 * {@code CIMD_ALLOW_PRIVATE=true} because the site is on loopback). The SDK sees
 * {@code client_id_metadata_document_supported}, registers nothing, and runs authorize → consent (the document's
 * host shown) → token → tools/call → refresh with the URL as {@code client_id}.
 */
class SdkCimdClientIT {
    static final String REDIRECT = "http://127.0.0.1:33418/oauth/callback";

    @Test
    void theSdkUsesTheDocumentUrlAsClientIdFromSignInToRefresh() throws Exception {
        NodeClient.requireInstalled("@modelcontextprotocol/sdk", "@modelcontextprotocol/server-everything");
        try (DocumentSite site = DocumentSite.start(Path.of("target/cimd-sdk-tls"))) {
            String metadataUrl = site.url("/mcp/client-metadata.json");
            site.serve("/mcp/client-metadata.json", DocumentSite.Answer.json("{\"client_id\":\"" + metadataUrl
                    + "\",\"client_name\":\"mcpgw SDK CIMD client test\",\"redirect_uris\":[\"" + REDIRECT
                    + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"],"
                    + "\"token_endpoint_auth_method\":\"none\"}", "max-age=3600"));
            try (InProcessGateway gw = InProcessGateway.start(Map.of("CIMD_ALLOW_PRIVATE", "true", "CIMD_CA_FILE",
                    site.certificatePem().toAbsolutePath().toString()), Map.of(),
                    Map.of("gateway.mcp.data-dir", "target/test-services-data"))) {
                String mcpUrl = "http://localhost:" + gw.port() + "/everything/mcp";
                Steps steps = NodeClient.run("sdk-cimd", NodeClient.systemNode(), "sdk-cimd-client.mjs",
                        List.of(mcpUrl, metadataUrl, "alice"), Map.of(), Duration.ofSeconds(60));

                steps.ok("unauthorized");
                assertThat(steps.ok("no_registration").path("register_requests").asInt()).isZero();
                JsonNode authorize = steps.ok("authorization_request");
                assertThat(authorize.path("client_id").asText()).isEqualTo(metadataUrl);
                assertThat(authorize.path("resource").asText()).isEqualTo(mcpUrl);
                JsonNode consent = steps.ok("consent_and_login").path("consent");
                assertThat(consent.path("clientName").asText()).isEqualTo("mcpgw SDK CIMD client test");
                assertThat(consent.path("clientHost").asText()).isEqualTo("localhost");
                assertThat(consent.path("redirectHost").asText()).isEqualTo("127.0.0.1");
                JsonNode token = steps.ok("token");
                assertThat(token.path("form_client_id").asText()).isEqualTo(metadataUrl);
                assertThat(token.path("form_has_secret").asBoolean()).isFalse();
                assertThat(token.path("claims_client_id").asText()).isEqualTo(metadataUrl);
                steps.ok("tools_call");
                assertThat(steps.ok("refresh").path("form_client_id").asText()).isEqualTo(metadataUrl);
                steps.assertCompleted();
                assertThat(site.hits("/mcp/client-metadata.json")).as("one fetch, then the cache").isEqualTo(1);
            }
        }
    }
}
