package io.mcpgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.config.EnvVars;
import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.InvalidSettingsException;
import io.mcpgw.config.SettingsLoader;
import io.mcpgw.config.SigningAlgorithm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The compose files: variables documented, Redis private and persistent, containers with restart and health. */
class ComposeFilesTest {
    static final Map<String, JsonNode> SERVICES = DeploymentFiles.composeServices();
    static final Pattern COMPOSE_VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)");
    static final Pattern TEMPLATE_ENV = Pattern.compile("env \"([A-Za-z_][A-Za-z0-9_]*)\"");

    /** The variables of .env.example, in order, with their values. */
    static Map<String, String> envExample() {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : DeploymentFiles.text(DeploymentFiles.ENV_EXAMPLE).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                assertThat(eq).as("line of .env.example: " + line).isPositive();
                assertThat(vars.put(line.substring(0, eq), line.substring(eq + 1))).as("repeated " + line).isNull();
            }
        }
        return vars;
    }

    static Set<String> variablesUsed() {
        Set<String> used = new TreeSet<>();
        for (Path file : List.of(DeploymentFiles.COMPOSE, DeploymentFiles.COMPOSE_SERVICES, DeploymentFiles.TRAEFIK_STATIC)) {
            Matcher m = COMPOSE_VARIABLE.matcher(withoutComments(DeploymentFiles.text(file)));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        Matcher m = TEMPLATE_ENV.matcher(DeploymentFiles.text(DeploymentFiles.MIDDLEWARES));
        while (m.find()) {
            used.add(m.group(1));
        }
        return used;
    }

    static String withoutComments(String yaml) {
        return yaml.replaceAll("(?m)^\\s*#.*$", "");
    }

    static List<String> gatewayContainers() {
        return SERVICES.entrySet().stream().filter(e -> e.getValue().path("environment").has("GATEWAY_ROLE"))
                .map(Map.Entry::getKey).toList();
    }

    @Test
    void everyVariableUsedIsDocumentedInEnvExampleAndEveryDocumentedOneIsUsed() {
        Set<String> documented = envExample().keySet();
        Set<String> used = variablesUsed();
        assertThat(used).contains("BASE_DOMAIN", "ACME_EMAIL", "GITHUB_CLIENT_ID", "MCP_CORS_ORIGINS")
                .doesNotContain("REDIS_PASSWORD", "JWT_PRIVATE_KEY_B64"); // secrets are files, not .env values
        assertThat(documented).containsAll(used);
        Set<String> unused = new TreeSet<>(documented);
        unused.removeAll(used);
        assertThat(unused).as("read by docker compose itself").containsExactlyInAnyOrder("COMPOSE_FILE", "COMPOSE_PROFILES");
    }

    @Test
    void everyVariableOfEnvExampleHasACommentAbove() {
        String previous = "";
        List<String> undocumented = new ArrayList<>();
        for (String line : DeploymentFiles.text(DeploymentFiles.ENV_EXAMPLE).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#") && !previous.startsWith("#") && !previous.matches("[A-Z_]+=.*")) {
                undocumented.add(line);
            }
            previous = line;
        }
        assertThat(undocumented).isEmpty();
    }

    @Test
    void envExampleHoldsPlaceholdersAndNoSecrets() {
        Map<String, String> env = envExample();
        assertThat(env).doesNotContainKeys("REDIS_PASSWORD", "JWT_PRIVATE_KEY_B64");
        for (String secret : List.of("GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", "ALLOWED_GITHUB_USERS", "OIDC_ISSUER",
                "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "ALLOWED_OIDC_USERS", "ALLOWED_OIDC_GROUPS", "JWT_SIGNING_ALG")) {
            assertThat(env.get(secret)).as(secret).isEmpty();
        }
        assertThat(env.get("BASE_DOMAIN")).isEqualTo("example.com");
        assertThat(env.get("ACME_EMAIL")).endsWith("@example.com");
        assertThat(env.get("COMPOSE_FILE")).isEqualTo("docker-compose.yml:docker-compose.services.yml");
    }

    @Test
    void redisHasAclUsersIsPersistentAndNeverPublished() {
        JsonNode redis = SERVICES.get("redis");
        assertThat(redis.has("ports")).as("no host port").isFalse();
        assertThat(redis.path("image").asText()).matches("redis:7\\.\\d+\\.\\d+-alpine");
        List<String> command = TraefikRoutingTest.strings(redis.path("command"));
        assertThat(String.join(" ", command)).contains("--aclfile /run/secrets/redis_users_acl")
                .doesNotContain("requirepass").contains("--appendonly yes")
                .contains("--save 60 1 --save 300 10 --save 900 100");
        assertThat(TraefikRoutingTest.strings(redis.path("volumes"))).containsExactly("redis-data:/data");
        assertThat(TraefikRoutingTest.strings(redis.path("secrets"))).containsExactly("redis_users_acl");
        assertThat(redis.has("environment")).as("no password in redis' environment").isFalse();
        assertThat(TraefikRoutingTest.strings(redis.path("networks"))).containsExactly("backend");
        JsonNode backend = DeploymentFiles.yaml(DeploymentFiles.COMPOSE).path("networks").path("backend");
        assertThat(backend.path("internal").asBoolean()).isTrue();
    }

    @Test
    void onlyTraefikIsPublishedAndOnlyTraefikReadsTheDockerSocketReadOnly() {
        SERVICES.forEach((name, service) -> {
            boolean socket = TraefikRoutingTest.strings(service.path("volumes")).stream().anyMatch(v -> v.contains("docker.sock"));
            if (name.equals("traefik")) {
                assertThat(TraefikRoutingTest.strings(service.path("ports"))).containsExactlyInAnyOrder("80:80", "443:443");
                assertThat(TraefikRoutingTest.strings(service.path("volumes")))
                        .contains("/var/run/docker.sock:/var/run/docker.sock:ro");
            } else {
                assertThat(service.has("ports")).as(name).isFalse();
                assertThat(socket).as(name).isFalse();
            }
        });
        assertThat(SERVICES.get("traefik").path("image").asText()).matches("traefik:v3\\.\\d+\\.\\d+");
    }

    @Test
    void everyGatewayContainerRestartsChecksHealthAndUsesTheSharedRedis() {
        assertThat(gatewayContainers()).contains("auth").hasSizeGreaterThan(1);
        for (String name : gatewayContainers()) {
            JsonNode s = SERVICES.get(name);
            assertThat(s.path("restart").asText()).as(name).isEqualTo("unless-stopped");
            String health = String.join(" ", TraefikRoutingTest.strings(s.path("healthcheck").path("test")));
            assertThat(health).as(name).contains("http://127.0.0.1:8080/health").doesNotContain("initialize");
            assertThat(TraefikRoutingTest.strings(s.path("networks"))).as(name).containsExactlyInAnyOrder("edge", "backend");
            assertThat(s.path("depends_on").path("redis").path("condition").asText()).as(name).isEqualTo("service_healthy");
            JsonNode env = s.path("environment");
            String redisUser = name.equals("auth") ? "auth" : "services";
            assertThat(env.path("REDIS_URL").asText()).as(name).isEqualTo("redis://" + redisUser + ":@redis:6379/0");
            assertThat(env.path("REDIS_PASSWORD_FILE").asText()).as(name)
                    .isEqualTo("/run/secrets/redis_" + redisUser + "_password");
            assertThat(TraefikRoutingTest.strings(s.path("secrets"))).as(name).contains("redis_" + redisUser + "_password");
            assertThat(env.has("REDIS_PASSWORD")).as(name).isFalse();
            assertThat(env.path("BASE_DOMAIN").asText()).as(name).startsWith("${BASE_DOMAIN");
            assertThat(s.path("image").asText()).as(name).isEqualTo("${GATEWAY_IMAGE:-mcp-oauth-gateway:local}");
        }
    }

    /** Every container has a memory cap, and a service container's cap leaves room for its sessions' children. */
    @Test
    void everyContainerHasAMemoryLimitSizedForItsSessions() {
        SERVICES.forEach((name, s) -> assertThat(s.path("mem_limit").asText()).as(name).matches("\\$\\{[A-Z_]+:-\\d+[mg]}"));
        for (String name : gatewayContainers()) {
            JsonNode env = SERVICES.get(name).path("environment");
            if (env.path("GATEWAY_ROLE").asText().equals("services")) {
                assertThat(SERVICES.get(name).path("mem_limit").asText()).as(name).isEqualTo("${MCP_SERVICE_MEM_LIMIT:-1g}");
                assertThat(env.path("MCP_MAX_SESSIONS").asText()).as(name).isEqualTo("${MCP_MAX_SESSIONS:-8}");
                // 256 MiB heap + ~100 MiB other JVM memory + 8 children x ~70 MiB (measured RSS) < 1 GiB
                assertThat(env.path("JAVA_TOOL_OPTIONS").asText()).as(name).contains("-Xmx256m");
            }
        }
    }

    @Test
    void noContainerCanGainPrivileges() {
        SERVICES.forEach((name, s) -> assertThat(TraefikRoutingTest.strings(s.path("security_opt"))).as(name)
                .contains("no-new-privileges:true"));
    }

    @Test
    void gatewayContainersSetOnlyVariablesTheGatewayKnows() {
        Set<String> known = new TreeSet<>(EnvVars.ALL);
        known.add("GATEWAY_LOG_LEVEL");
        known.addAll(List.of("REDIS_PASSWORD_FILE", "JWT_PRIVATE_KEY_FILE")); // the secrets' file forms
        known.add("JAVA_TOOL_OPTIONS"); // read by the JVM: the service containers' fixed heap
        for (String name : gatewayContainers()) {
            SERVICES.get(name).path("environment").fieldNames().forEachRemaining(v -> assertThat(known).as(name).contains(v));
        }
    }

    /** The upstream login and signing variables the auth container passes on from .env, empty by default. */
    static final List<String> AUTH_PASS_THROUGH = List.of(EnvVars.JWT_SIGNING_ALG, EnvVars.GITHUB_CLIENT_ID,
            EnvVars.GITHUB_CLIENT_SECRET, EnvVars.ALLOWED_GITHUB_USERS, EnvVars.ALLOWED_GITHUB_ORGS,
            EnvVars.ALLOWED_GITHUB_TEAMS, EnvVars.OIDC_ISSUER, EnvVars.OIDC_CLIENT_ID, EnvVars.OIDC_CLIENT_SECRET,
            EnvVars.OIDC_SCOPES, EnvVars.OIDC_GROUPS_CLAIM, EnvVars.OIDC_AUTH_PARAMS, EnvVars.ALLOWED_OIDC_USERS,
            EnvVars.ALLOWED_OIDC_GROUPS);

    @Test
    void theAuthContainerIsTheAuthorizationServerWithGitHubOrAnOidcProvider() {
        JsonNode env = SERVICES.get("auth").path("environment");
        assertThat(env.path("JWT_PRIVATE_KEY_FILE").asText()).isEqualTo("/run/secrets/jwt_private_key");
        assertThat(TraefikRoutingTest.strings(SERVICES.get("auth").path("secrets")))
                .containsExactlyInAnyOrder("redis_auth_password", "jwt_private_key");
        assertThat(env.path("GATEWAY_ROLE").asText()).isEqualTo("auth");
        assertThat(env.has("GATEWAY_SERVICES")).as("auth knows every service").isFalse();
        for (String v : AUTH_PASS_THROUGH) {
            assertThat(env.path(v).asText()).as(v).isEqualTo("${" + v + ":-}"); // empty: the gateway's default
        }
        assertThat(envExample()).containsKeys(AUTH_PASS_THROUGH.toArray(String[]::new));
        for (String name : gatewayContainers()) {
            if (!name.equals("auth")) {
                assertThat(SERVICES.get(name).path("environment").fieldNames()).toIterable().as(name)
                        .noneMatch(v -> v.startsWith("OIDC_") || v.startsWith("GITHUB_") || v.equals("JWT_SIGNING_ALG"));
            }
        }
    }

    /**
     * The auth container's environment as compose resolves it from a .env, loaded by the gateway's settings: GitHub
     * with the RS256 default, an OIDC provider with ES256, and (bad input) neither upstream, which the gateway refuses
     * at start-up now that compose no longer insists on GitHub.
     */
    @Test
    void theResolvedAuthEnvironmentStartsWithEitherUpstreamAndTheChosenAlgorithm() {
        Map<String, String> github = new LinkedHashMap<>(envExample());
        github.putAll(Map.of("GITHUB_CLIENT_ID", "Iv1.example", "GITHUB_CLIENT_SECRET", "example-secret",
                "ALLOWED_GITHUB_USERS", "alice"));
        GatewaySettings withGitHub = SettingsLoader.load(authEnvironment(github));
        assertThat(withGitHub.github()).isPresent();
        assertThat(withGitHub.oidc()).isEmpty();
        assertThat(withGitHub.jwtSigningAlg()).isEqualTo(SigningAlgorithm.RS256);

        Map<String, String> oidc = new LinkedHashMap<>(envExample());
        oidc.putAll(Map.of("OIDC_ISSUER", "https://login.example.com/realms/staff", "OIDC_CLIENT_ID", "gateway",
                "OIDC_CLIENT_SECRET", "example-secret", "ALLOWED_OIDC_GROUPS", "mcp-users", "OIDC_GROUPS_CLAIM", "roles",
                "JWT_SIGNING_ALG", "ES256"));
        GatewaySettings withOidc = SettingsLoader.load(authEnvironment(oidc));
        assertThat(withOidc.github()).isEmpty();
        assertThat(withOidc.oidc()).hasValueSatisfying(o -> {
            assertThat(o.issuer()).isEqualTo("https://login.example.com/realms/staff");
            assertThat(o.groupsClaim()).isEqualTo("roles");
        });
        assertThat(withOidc.jwtSigningAlg()).isEqualTo(SigningAlgorithm.ES256);

        assertThatThrownBy(() -> SettingsLoader.load(authEnvironment(envExample())))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("no upstream login configured")
                .hasMessageContaining("GITHUB_CLIENT_ID").hasMessageContaining("OIDC_ISSUER");
    }

    static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([-?])([^}]*))?}");

    /**
     * The auth container's environment with {@code ${NAME:-default}} and {@code ${NAME:?message}} resolved from
     * {@code dotEnv} as compose does, the image's {@code GATEWAY_BIND}, and without the secret files (they live in
     * the containers only).
     */
    static Map<String, String> authEnvironment(Map<String, String> dotEnv) {
        Map<String, String> resolved = new LinkedHashMap<>();
        SERVICES.get("auth").path("environment").fields().forEachRemaining(e -> {
            Matcher m = INTERPOLATION.matcher(e.getValue().asText());
            StringBuilder value = new StringBuilder();
            while (m.find()) {
                String given = dotEnv.getOrDefault(m.group(1), "");
                if (given.isEmpty() && "?".equals(m.group(2))) {
                    throw new AssertionError("compose refuses: " + m.group(3));
                }
                m.appendReplacement(value, Matcher.quoteReplacement(given.isEmpty() && m.group(3) != null
                        ? m.group(3) : given));
            }
            m.appendTail(value);
            if (!e.getKey().endsWith("_FILE")) {
                resolved.put(e.getKey(), value.toString());
            }
        });
        resolved.put("GATEWAY_BIND", "0.0.0.0");
        return resolved;
    }

    @Test
    void everyServiceContainerServesExactlyItsServiceWithItsOwnDataVolume() {
        JsonNode volumes = DeploymentFiles.yaml(DeploymentFiles.COMPOSE_SERVICES).path("volumes");
        for (String service : TraefikRoutingTest.mcpServices()) {
            JsonNode s = SERVICES.get("mcp-" + service);
            assertThat(s.path("environment").path("GATEWAY_ROLE").asText()).isEqualTo("services");
            assertThat(s.path("environment").path("GATEWAY_SERVICES").asText()).isEqualTo(service);
            assertThat(s.path("environment").has("GITHUB_CLIENT_SECRET")).as("no login secrets in " + service).isFalse();
            assertThat(s.path("environment").fieldNames()).toIterable().as("no signing key in " + service)
                    .noneMatch(v -> v.startsWith("JWT_PRIVATE_KEY"));
            assertThat(TraefikRoutingTest.strings(s.path("secrets"))).as(service)
                    .containsExactly("redis_services_password");
            assertThat(TraefikRoutingTest.strings(s.path("volumes"))).containsExactly("mcp-" + service + "-data:/app/services-data");
            assertThat(volumes.has("mcp-" + service + "-data")).isTrue();
            assertThat(TraefikRoutingTest.strings(s.path("profiles"))).containsExactly(service, "all-services");
        }
    }

    @Test
    void theNamedVolumesAndNetworksExist() {
        JsonNode compose = DeploymentFiles.yaml(DeploymentFiles.COMPOSE);
        assertThat(compose.path("volumes").has("redis-data")).isTrue();
        assertThat(compose.path("volumes").has("traefik-certificates")).isTrue();
        assertThat(TraefikRoutingTest.strings(SERVICES.get("traefik").path("volumes"))).contains("traefik-certificates:/certificates");
        assertThat(compose.path("networks").path("edge").path("name").asText())
                .isEqualTo(DeploymentFiles.yaml(DeploymentFiles.TRAEFIK_STATIC).path("providers").path("docker").path("network").asText());
        SERVICES.forEach((name, s) -> TraefikRoutingTest.strings(s.path("networks"))
                .forEach(n -> assertThat(compose.path("networks").has(n)).as(name + " network " + n).isTrue()));
    }
}
