package io.mcpgw.oauth.metadata;

import io.mcpgw.oauth.Scopes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RFC 8414 authorization server metadata document. Every URL in it is served by the gateway (no dead links)
 * and {@code issuer} is exactly the configured issuer, the string clients compare byte for byte.
 *
 * <p>It says only what exists: {@code scopes_supported} is {@link Scopes#ADVERTISED} (no {@code openid},
 * {@code profile}, {@code email}: there is no ID token and no userinfo endpoint), and no
 * {@code token_endpoint_auth_signing_alg_values_supported} (no {@code private_key_jwt} or
 * {@code client_secret_jwt}). The same document is served at {@code /.well-known/openid-configuration} for clients
 * that only look there.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8414#section-2">RFC 8414 §2</a>
 */
public final class AuthorizationServerMetadata {
    private final Map<String, Object> document;

    /** With Client ID Metadata Documents supported. */
    public AuthorizationServerMetadata(String issuer) {
        this(issuer, true);
    }

    /**
     * @param clientIdDocuments {@code client_id_metadata_document_supported}: URL client ids are accepted
     *                          (draft-ietf-oauth-client-id-metadata-document, MCP 2025-11-25 authorization §5.1)
     */
    public AuthorizationServerMetadata(String issuer, boolean clientIdDocuments) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("authorization_endpoint", issuer + "/authorize");
        m.put("token_endpoint", issuer + "/token");
        m.put("registration_endpoint", issuer + "/register");
        m.put("jwks_uri", issuer + "/jwks");
        m.put("revocation_endpoint", issuer + "/revoke");
        m.put("introspection_endpoint", issuer + "/introspect");
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        m.put("code_challenge_methods_supported", List.of("S256"));
        List<String> authMethods = List.of("none", "client_secret_basic", "client_secret_post");
        m.put("token_endpoint_auth_methods_supported", authMethods);
        m.put("revocation_endpoint_auth_methods_supported", authMethods);
        m.put("introspection_endpoint_auth_methods_supported", authMethods);
        m.put("scopes_supported", Scopes.ADVERTISED);
        m.put("authorization_response_iss_parameter_supported", true);
        m.put("resource_indicators_supported", true);
        m.put("subject_types_supported", List.of("public"));
        m.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope",
                "username", "email", "name"));
        m.put("client_id_metadata_document_supported", clientIdDocuments);
        this.document = java.util.Collections.unmodifiableMap(m);
    }

    public Map<String, Object> document() {
        return new LinkedHashMap<>(document);
    }
}
