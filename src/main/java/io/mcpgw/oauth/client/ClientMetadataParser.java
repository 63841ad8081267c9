package io.mcpgw.oauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.Scopes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the JSON body of a registration (RFC 7591 §3.1) or of an RFC 7592 §2.2 update into {@link ClientMetadata}.
 *
 * <p>Rules, in the order they are checked (every refusal is a 400):
 * <ul>
 *   <li>the body is a JSON object — else {@code invalid_client_metadata};</li>
 *   <li>{@code redirect_uris}: required, a non-empty array of at most {@value #MAX_REDIRECT_URIS} entries — else
 *       {@code invalid_client_metadata}; each entry a string passing {@link RedirectUriRules#validate} — else
 *       {@code invalid_redirect_uri} (RFC 7591 §3.2.2); duplicates are dropped;</li>
 *   <li>{@code token_endpoint_auth_method}: {@code none}, {@code client_secret_basic} or {@code client_secret_post};
 *       omitted = the caller's default ({@code client_secret_basic} on registration, RFC 7591 §2);</li>
 *   <li>{@code grant_types}: a subset of {@code authorization_code} and {@code refresh_token} that includes
 *       {@code authorization_code}; omitted = both. {@code response_types}: exactly {@code ["code"]}; omitted = that.
 *       Together these keep the RFC 7591 §2.1 consistency (authorization_code ⇔ code) by construction;</li>
 *   <li>{@code scope}: a space-separated string of RFC 6749 §3.3 tokens — malformed is
 *       {@code invalid_client_metadata}. Well-formed tokens outside {@link Scopes#SUPPORTED} are <b>dropped</b>,
 *       not refused, as RFC 7591 §2 and §3.2.1 allow (the server may replace requested values): Claude.ai has been
 *       seen registering {@code "scope":"claudeai"}, and refusing it would break that client. The response echoes
 *       the scope actually registered; none left = no {@code scope} member;</li>
 *   <li>{@code client_name} (≤ {@value #MAX_NAME} characters), {@code software_id}, {@code software_version}
 *       (≤ {@value #MAX_TEXT}): strings without control characters; {@code client_uri}, {@code logo_uri},
 *       {@code tos_uri}, {@code policy_uri}: {@code https} URLs, or {@code http} on an exact loopback host;
 *       {@code contacts}: at most {@value #MAX_CONTACTS} strings of at most {@value #MAX_CONTACT} characters;
 *       {@code application_type}: {@code native} or {@code web}. A wrong JSON type is {@code invalid_client_metadata}
 *       naming the field. {@code null} or an empty value means "not given" (RFC 7592 §2.2);</li>
 *   <li>every other member ({@code jwks}, {@code software_statement}, {@code client_secret}…) is ignored.</li>
 * </ul>
 */
public final class ClientMetadataParser {
    public static final int MAX_REDIRECT_URIS = 20;
    public static final int MAX_NAME = 200;
    public static final int MAX_TEXT = 200;
    public static final int MAX_CONTACTS = 10;
    public static final int MAX_CONTACT = 320;
    public static final int MAX_SCOPE = 1000;

    static final String AUTHORIZATION_CODE = "authorization_code";
    static final String REFRESH_TOKEN = "refresh_token";
    static final List<String> DEFAULT_GRANT_TYPES = List.of(AUTHORIZATION_CODE, REFRESH_TOKEN);
    static final List<String> RESPONSE_TYPES = List.of("code");
    private static final Set<String> AUTH_METHODS = Set.of(
            RegisteredClient.AUTH_NONE, RegisteredClient.AUTH_BASIC, RegisteredClient.AUTH_POST);
    private static final List<String> URL_FIELDS = List.of("client_uri", "logo_uri", "tos_uri", "policy_uri");
    private static final List<String> TEXT_FIELDS = List.of("software_id", "software_version");

    private ClientMetadataParser() {
    }

    /**
     * @param body              the parsed request body
     * @param defaultAuthMethod the {@code token_endpoint_auth_method} when the body omits it
     */
    public static ClientMetadata parse(JsonNode body, String defaultAuthMethod) {
        if (body == null || !body.isObject()) {
            throw invalid("the registration body must be a JSON object");
        }
        List<String> redirectUris = redirectUris(body.get("redirect_uris"));
        String authMethod = optionalText(body, "token_endpoint_auth_method", 64).orElse(defaultAuthMethod);
        if (!AUTH_METHODS.contains(authMethod)) {
            throw invalid("token_endpoint_auth_method must be none, client_secret_basic or client_secret_post");
        }
        List<String> grantTypes = stringArray(body, "grant_types", 10).orElse(DEFAULT_GRANT_TYPES);
        if (!DEFAULT_GRANT_TYPES.containsAll(grantTypes)) {
            throw invalid("grant_types may only contain authorization_code and refresh_token");
        }
        if (!grantTypes.contains(AUTHORIZATION_CODE)) {
            throw invalid("grant_types must include authorization_code");
        }
        List<String> responseTypes = stringArray(body, "response_types", 10).orElse(RESPONSE_TYPES);
        if (!responseTypes.equals(RESPONSE_TYPES)) {
            throw invalid("response_types must be [\"code\"]");
        }
        Optional<String> clientName = optionalText(body, "client_name", MAX_NAME);
        Optional<String> scope = scope(body);

        Map<String, Object> other = new LinkedHashMap<>();
        for (String field : URL_FIELDS) {
            optionalText(body, field, RedirectUriRules.MAX_LENGTH).ifPresent(url -> {
                if (!RedirectUriRules.isWebUrl(url)) {
                    throw invalid(field + " must be an https URL (or http on localhost, 127.0.0.1 or [::1])");
                }
                other.put(field, url);
            });
        }
        stringArray(body, "contacts", MAX_CONTACTS).filter(list -> !list.isEmpty()).ifPresent(contacts -> {
            for (String contact : contacts) {
                if (contact.isEmpty() || contact.length() > MAX_CONTACT || hasControl(contact)) {
                    throw invalid("contacts must hold non-empty strings of at most " + MAX_CONTACT + " characters");
                }
            }
            other.put("contacts", contacts);
        });
        for (String field : TEXT_FIELDS) {
            optionalText(body, field, MAX_TEXT).ifPresent(text -> other.put(field, text));
        }
        optionalText(body, "application_type", 16).ifPresent(type -> {
            if (!type.equals("native") && !type.equals("web")) {
                throw invalid("application_type must be native or web");
            }
            other.put("application_type", type);
        });
        return new ClientMetadata(redirectUris, authMethod, grantTypes, responseTypes, clientName, scope, other);
    }

    private static List<String> redirectUris(JsonNode node) {
        if (node == null || node.isNull()) {
            throw invalid("redirect_uris is required");
        }
        if (!node.isArray()) {
            throw invalid("redirect_uris must be an array of strings");
        }
        if (node.isEmpty()) {
            throw invalid("redirect_uris must not be empty");
        }
        if (node.size() > MAX_REDIRECT_URIS) {
            throw invalid("redirect_uris may hold at most " + MAX_REDIRECT_URIS + " URIs");
        }
        Set<String> uris = new LinkedHashSet<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw OAuthError.invalidRedirectUri("redirect_uris must contain only strings").exception();
            }
            RedirectUriRules.validate(item.asText());
            uris.add(item.asText());
        }
        return List.copyOf(uris);
    }

    private static Optional<String> scope(JsonNode body) {
        Optional<String> requested = optionalText(body, "scope", MAX_SCOPE);
        if (requested.isEmpty()) {
            return Optional.empty();
        }
        Set<String> tokens;
        try {
            tokens = Scopes.parse(requested.get());
        } catch (OAuthException e) {
            throw invalid("scope contains characters RFC 6749 §3.3 does not allow");
        }
        tokens.removeIf(token -> !Scopes.isSupported(token));
        return tokens.isEmpty() ? Optional.empty() : Optional.of(Scopes.format(tokens));
    }

    /** A string member; absent, {@code null} or empty = empty; another type, too long or control characters = 400. */
    private static Optional<String> optionalText(JsonNode body, String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw invalid(field + " must be a string");
        }
        String text = node.asText();
        if (text.length() > maxLength) {
            throw invalid(field + " is longer than " + maxLength + " characters");
        }
        if (hasControl(text)) {
            throw invalid(field + " contains control characters");
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** An array of strings, duplicates dropped; absent or {@code null} = empty. */
    private static Optional<List<String>> stringArray(JsonNode body, String field, int maxEntries) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            throw invalid(field + " must be an array of strings");
        }
        if (node.size() > maxEntries) {
            throw invalid(field + " may hold at most " + maxEntries + " entries");
        }
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw invalid(field + " must be an array of strings");
            }
            values.add(item.asText());
        }
        return Optional.of(new ArrayList<>(values));
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static OAuthException invalid(String description) {
        return OAuthError.invalidClientMetadata(description).exception();
    }
}
