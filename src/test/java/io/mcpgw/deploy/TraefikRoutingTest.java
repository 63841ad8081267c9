package io.mcpgw.deploy;

import static io.mcpgw.deploy.DeploymentFiles.RouterLabels;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Traefik routing of the committed compose files, read from the labels and the dynamic configuration: the documented
 * routers and priorities per service, requests routed like Traefik routes them (highest matching priority wins), no
 * public way to {@code /verify}, and every middleware defined and attached.
 */
class TraefikRoutingTest {
    static final String DOMAIN = "example.com";
    static final String AUTH_HOST = "auth." + DOMAIN;
    static final Map<String, RouterLabels> ROUTERS = DeploymentFiles.routers();
    static final JsonNode MIDDLEWARES = DeploymentFiles.middlewares("https://app.example");

    /** The MCP services that have a container (compose services {@code mcp-<service>}). */
    static List<String> mcpServices() {
        return DeploymentFiles.composeServices().keySet().stream().filter(n -> n.startsWith("mcp-"))
                .map(n -> n.substring(4)).toList();
    }

    /** The router Traefik picks for a request on the websecure entry point, if any. */
    static Optional<RouterLabels> route(String host, String path) {
        List<RouterLabels> matching = ROUTERS.values().stream()
                .filter(r -> TraefikRule.matches(r.rule().replace("${BASE_DOMAIN}", DOMAIN), host, path))
                .sorted(Comparator.comparingInt(RouterLabels::priority).reversed()).toList();
        if (matching.size() > 1) {
            assertThat(matching.get(0).priority()).as("ambiguous routing of %s%s: %s", host, path, matching)
                    .isGreaterThan(matching.get(1).priority());
        }
        return matching.stream().findFirst();
    }

    static boolean authenticated(RouterLabels r) {
        return DeploymentFiles.expand(MIDDLEWARES, r.middlewares()).contains("mcp-auth");
    }

    @Test
    void thereAreServiceContainersAndEveryBundledServiceFileHasOne() throws Exception {
        assertThat(mcpServices()).isNotEmpty();
        if (Files.isDirectory(DeploymentFiles.SERVICE_FILES)) {
            try (Stream<java.nio.file.Path> files = Files.list(DeploymentFiles.SERVICE_FILES)) {
                Set<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml"))
                        .map(n -> n.substring(0, n.length() - ".camel.yaml".length())).collect(Collectors.toSet());
                assertThat(new TreeSet<>(mcpServices())).isEqualTo(new TreeSet<>(names));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("mcpServices")
    void everyServiceHasItsThreeRouters(String service) {
        String host = "Host(`mcp-" + service + ".${BASE_DOMAIN}`)";
        String id = "mcp-" + service;
        assertThat(ROUTERS.get(id + "-discovery")).isEqualTo(new RouterLabels(id + "-discovery", id,
                host + " && PathPrefix(`/.well-known/`)", 10, List.of("edge-public@file"), id, "websecure"));
        assertThat(ROUTERS.get(id)).isEqualTo(new RouterLabels(id, id, host + " && PathPrefix(`/mcp`)", 2,
                List.of("edge-protected@file"), id, "websecure"));
        assertThat(ROUTERS.get(id + "-catchall")).isEqualTo(new RouterLabels(id + "-catchall", id, host, 1,
                List.of("edge-protected@file"), id, "websecure"));
        assertThat(ROUTERS.values().stream().filter(r -> r.container().equals(id))).hasSize(3);
        assertThat(DeploymentFiles.labels(DeploymentFiles.composeServices().get(id)))
                .containsEntry("traefik.enable", "true")
                .containsEntry("traefik.http.services." + id + ".loadbalancer.server.port", "8080");
    }

    @Test
    void everyRouterIsOnTheTlsEntryPointWithAnExplicitPriority() {
        assertThat(ROUTERS.values()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.entrypoints()).as(r.name()).isEqualTo("websecure");
            assertThat(r.priority()).as(r.name()).isPositive();
            assertThat(r.service()).as(r.name()).isNotBlank();
        });
    }

    @ParameterizedTest
    @MethodSource("mcpServices")
    void requestsOnAServiceHostAreRoutedByTheDocumentedPriorities(String service) {
        String host = "mcp-" + service + "." + DOMAIN;
        String id = "mcp-" + service;
        for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource",
                "/.well-known/oauth-authorization-server")) {
            RouterLabels r = route(host, path).orElseThrow();
            assertThat(r.name()).as(path).isEqualTo(id + "-discovery");
            assertThat(authenticated(r)).as("discovery needs no token: " + path).isFalse();
        }
        for (String path : List.of("/mcp", "/mcp/")) {
            RouterLabels r = route(host, path).orElseThrow();
            assertThat(r.name()).isEqualTo(id);
            assertThat(authenticated(r)).isTrue();
        }
        for (String path : List.of("/", "/sse", "/verify", "/token", "/.well-knownx")) {
            RouterLabels r = route(host, path).orElseThrow();
            assertThat(r.name()).as(path).isEqualTo(id + "-catchall");
            assertThat(r.service()).isEqualTo(id);
            assertThat(authenticated(r)).as(path).isTrue();
        }
    }

    @Test
    void theAuthHostServesDiscoveryAndTheOAuthEndpointsOnly() {
        for (String path : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration",
                "/.well-known/oauth-protected-resource/mcp")) {
            assertThat(route(AUTH_HOST, path)).as(path).hasValueSatisfying(r -> {
                assertThat(r.name()).isEqualTo("auth-discovery");
                assertThat(r.priority()).isEqualTo(10);
                assertThat(authenticated(r)).isFalse();
            });
        }
        for (String path : List.of("/authorize", "/consent", "/callback", "/token", "/revoke", "/introspect", "/jwks",
                "/register", "/register/abc")) {
            assertThat(route(AUTH_HOST, path)).as(path).hasValueSatisfying(r -> {
                assertThat(r.name()).isEqualTo("auth-oauth");
                assertThat(r.priority()).isEqualTo(4);
                assertThat(r.service()).isEqualTo("auth");
                assertThat(authenticated(r)).isFalse();
            });
        }
        for (String path : List.of("/verify", "/verify/", "/health", "/login", "/registerx", "/", "/mcp")) {
            assertThat(route(AUTH_HOST, path)).as(path + " has no public router on the auth host").isEmpty();
        }
        assertThat(route("unknown." + DOMAIN, "/mcp")).isEmpty();
    }

    @Test
    void noRouterRuleExposesVerifyAndNoPathReachesItOnTheAuthService() {
        Set<String> hosts = new HashSet<>(List.of(AUTH_HOST, "other." + DOMAIN));
        Matcher m = Pattern.compile("Host\\(`([^`]+)`\\)").matcher(ROUTERS.values().stream().map(RouterLabels::rule)
                .collect(Collectors.joining(" ")));
        while (m.find()) {
            hosts.add(m.group(1).replace("${BASE_DOMAIN}", DOMAIN));
        }
        for (RouterLabels r : ROUTERS.values()) {
            assertThat(r.rule()).as(r.name()).doesNotContainIgnoringCase("verify");
            for (String host : hosts) {
                for (String path : List.of("/verify", "/verify/", "/VERIFY")) {
                    boolean matches = TraefikRule.matches(r.rule().replace("${BASE_DOMAIN}", DOMAIN), host, path);
                    if (matches) {
                        assertThat(r.service()).as(r.name() + " routes " + host + path).isNotEqualTo("auth");
                        assertThat(authenticated(r)).as(r.name() + " routes " + host + path).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void everyReferencedMiddlewareIsDefinedAndEveryDefinedOneIsAttached() {
        Set<String> attached = new TreeSet<>();
        ROUTERS.values().forEach(r -> attached.addAll(DeploymentFiles.expand(MIDDLEWARES, r.middlewares())));
        Set<String> defined = new TreeSet<>();
        MIDDLEWARES.path("http").path("middlewares").fields().forEachRemaining(e -> {
            if (!e.getValue().has("chain")) {
                defined.add(e.getKey());
            }
        });
        assertThat(defined).contains("mcp-auth", "mcp-cors", "security-headers", "rate-limit");
        assertThat(attached).isEqualTo(defined);
    }

    @Test
    void everyRouterIsRateLimitedFirstAndAnsweredPreflightsBeforeAuthentication() {
        for (RouterLabels r : ROUTERS.values()) {
            List<String> chain = DeploymentFiles.expand(MIDDLEWARES, r.middlewares());
            assertThat(chain).as(r.name()).startsWith("rate-limit").contains("security-headers", "mcp-cors");
            if (chain.contains("mcp-auth")) {
                assertThat(chain.indexOf("mcp-cors")).as(r.name()).isLessThan(chain.indexOf("mcp-auth"));
                assertThat(chain.get(chain.size() - 1)).as(r.name()).isEqualTo("mcp-auth");
            }
        }
    }

    @Test
    void theCorsMiddlewareTakesItsOriginsFromTheEnvironmentAndExposesTheMcpHeaders() {
        JsonNode cors = DeploymentFiles.middlewares(" https://a.example, https://b.example:8443 ,")
                .path("http").path("middlewares").path("mcp-cors").path("headers");
        assertThat(strings(cors.path("accessControlAllowOriginList"))).containsExactly("https://a.example", "https://b.example:8443");
        assertThat(strings(cors.path("accessControlExposeHeaders"))).contains("Mcp-Session-Id", "WWW-Authenticate");
        assertThat(strings(cors.path("accessControlAllowHeaders")))
                .contains("Authorization", "Content-Type", "Mcp-Session-Id", "MCP-Protocol-Version", "Last-Event-ID");
        assertThat(strings(cors.path("accessControlAllowMethods"))).contains("GET", "POST", "DELETE", "OPTIONS");
        assertThat(cors.path("accessControlAllowCredentials").asBoolean(false)).as("tokens, not cookies").isFalse();
        assertThat(strings(DeploymentFiles.middlewares("").path("http").path("middlewares").path("mcp-cors")
                .path("headers").path("accessControlAllowOriginList"))).as("unset = no origin").isEmpty();
        assertThat(strings(DeploymentFiles.middlewares("*").path("http").path("middlewares").path("mcp-cors")
                .path("headers").path("accessControlAllowOriginList"))).containsExactly("*");
    }

    @Test
    void securityHeadersAndTheRateLimitAreConfigured() {
        JsonNode m = MIDDLEWARES.path("http").path("middlewares");
        JsonNode headers = m.path("security-headers").path("headers");
        assertThat(headers.path("frameDeny").asBoolean()).isTrue();
        assertThat(headers.path("contentTypeNosniff").asBoolean()).isTrue();
        assertThat(headers.path("stsSeconds").asInt()).isGreaterThanOrEqualTo(31536000);
        JsonNode rate = m.path("rate-limit").path("rateLimit");
        assertThat(rate.path("average").asInt()).isPositive();
        assertThat(rate.path("burst").asInt()).isGreaterThanOrEqualTo(rate.path("average").asInt());
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
