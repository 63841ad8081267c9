package io.mcpgw.oauth.cimd;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.client.ClientMetadata;
import io.mcpgw.oauth.client.ClientMetadataParser;
import io.mcpgw.oauth.client.RegisteredClient;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Validates a fetched client metadata document (draft-ietf-oauth-client-id-metadata-document §4) and turns it into
 * the client it describes. Rules, in order (every refusal is {@code invalid_client} naming the rule):
 * <ol>
 *   <li>the body is a JSON object;</li>
 *   <li>{@code client_id} is a string equal to the URL the document was fetched from (exact comparison);</li>
 *   <li>no {@code client_secret} and no {@code client_secret_expires_at}: a published document holds no secret;</li>
 *   <li>{@code token_endpoint_auth_method} is {@code none} or omitted: the client is a public client. Shared-secret
 *       methods are refused (the draft forbids them), and {@code private_key_jwt} is not supported here;</li>
 *   <li>everything else is checked exactly as for dynamic registration ({@link ClientMetadataParser}): redirect URIs
 *       by the same rules, grant and response types, scope, names and URLs.</li>
 * </ol>
 * The client has no secret and no registration access token, so no RFC 7592 request can manage it.
 */
public final class ClientMetadataDocument {

    private ClientMetadataDocument() {
    }

    /**
     * @param clientId  the client id URL, exactly as the client sent it
     * @param body      the document as fetched
     * @param fetchedAt epoch seconds, kept as {@code client_id_issued_at}
     */
    public static RegisteredClient validate(String clientId, byte[] body, long fetchedAt) {
        JsonNode doc;
        try {
            doc = Json.parseUntrusted(new String(body, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw ClientIdUrl.refuse("the client metadata document is not valid JSON");
        }
        if (doc == null || !doc.isObject()) {
            throw ClientIdUrl.refuse("the client metadata document must be a JSON object");
        }
        JsonNode id = doc.get("client_id");
        if (id == null || !id.isTextual()) {
            throw ClientIdUrl.refuse("the client metadata document has no client_id");
        }
        if (!id.asText().equals(clientId)) {
            throw ClientIdUrl.refuse("the client_id in the client metadata document is not the URL it was fetched from");
        }
        if (doc.has("client_secret") || doc.has("client_secret_expires_at")) {
            throw ClientIdUrl.refuse("a client metadata document must not contain a client_secret");
        }
        JsonNode method = doc.get("token_endpoint_auth_method");
        if (method != null && !method.isNull() && !RegisteredClient.AUTH_NONE.equals(method.asText())) {
            throw ClientIdUrl.refuse("token_endpoint_auth_method of a client metadata document must be none on this "
                    + "gateway (shared secrets are not allowed, private_key_jwt is not supported)");
        }
        ClientMetadata metadata;
        try {
            metadata = ClientMetadataParser.parse(doc, RegisteredClient.AUTH_NONE);
        } catch (OAuthException e) {
            throw ClientIdUrl.refuse("the client metadata document is not valid: " + e.error().description());
        }
        return new RegisteredClient(clientId, Optional.empty(), RegisteredClient.AUTH_NONE, metadata.redirectUris(),
                metadata.clientName().orElse(""), metadata.scope().orElse(""), metadata.grantTypes(),
                metadata.responseTypes(), metadata.other(), fetchedAt, 0L, "");
    }
}
