package io.mcpgw.oauth.client;

import io.mcpgw.json.Json;
import io.mcpgw.oauth.Secrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The validated client metadata of one registration (RFC 7591 §2), as {@link ClientMetadataParser} produced it:
 * every value normalized (defaults applied, duplicates removed), so it can be stored, echoed and compared.
 *
 * @param redirectUris            registered redirect URIs, in the client's order
 * @param tokenEndpointAuthMethod {@code none}, {@code client_secret_basic} or {@code client_secret_post}
 * @param grantTypes              subset of {@code authorization_code}, {@code refresh_token}, always with the first
 * @param responseTypes           {@code ["code"]}
 * @param clientName              human-readable name, if given
 * @param scope                   space-separated supported scopes, if any were asked for
 * @param other                   the remaining echoed fields by their RFC 7591 names ({@code client_uri},
 *                                {@code logo_uri}, {@code tos_uri}, {@code policy_uri}, {@code contacts},
 *                                {@code software_id}, {@code software_version}, {@code application_type})
 */
public record ClientMetadata(
        List<String> redirectUris,
        String tokenEndpointAuthMethod,
        List<String> grantTypes,
        List<String> responseTypes,
        Optional<String> clientName,
        Optional<String> scope,
        Map<String, Object> other) {

    public ClientMetadata {
        redirectUris = List.copyOf(redirectUris);
        grantTypes = List.copyOf(grantTypes);
        responseTypes = List.copyOf(responseTypes);
        other = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(other));
    }

    /** The metadata a stored client was registered with. */
    public static ClientMetadata of(RegisteredClient client) {
        return new ClientMetadata(client.redirectUris(), client.tokenEndpointAuthMethod(), client.grantTypes(),
                client.responseTypes(), nonEmpty(client.clientName()), nonEmpty(client.scope()), client.metadata());
    }

    public boolean isPublic() {
        return RegisteredClient.AUTH_NONE.equals(tokenEndpointAuthMethod);
    }

    /** The metadata members of a registration response (RFC 7591 §3.2.1), in a stable order; absent = omitted. */
    public Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("redirect_uris", redirectUris);
        doc.put("token_endpoint_auth_method", tokenEndpointAuthMethod);
        doc.put("grant_types", grantTypes);
        doc.put("response_types", responseTypes);
        clientName.ifPresent(name -> doc.put("client_name", name));
        scope.ifPresent(s -> doc.put("scope", s));
        doc.putAll(other);
        return doc;
    }

    /**
     * base64url SHA-256 of the canonical form: the {@link #document()} members with sorted keys, and every list
     * whose order carries no meaning (URIs, grant and response types, contacts, scope tokens) sorted. Two
     * registrations with the same fingerprint ask for exactly the same client.
     */
    public String fingerprint() {
        Map<String, Object> canonical = new TreeMap<>();
        document().forEach((key, value) -> canonical.put(key, canonicalValue(key, value)));
        return Secrets.hash(Json.write(canonical));
    }

    private static Object canonicalValue(String key, Object value) {
        if (value instanceof List<?> list) {
            List<String> sorted = new ArrayList<>();
            list.forEach(item -> sorted.add(String.valueOf(item)));
            sorted.sort(null);
            return sorted;
        }
        if ("scope".equals(key)) {
            List<String> tokens = new ArrayList<>(List.of(value.toString().split(" ")));
            tokens.sort(null);
            return String.join(" ", tokens);
        }
        return value;
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
