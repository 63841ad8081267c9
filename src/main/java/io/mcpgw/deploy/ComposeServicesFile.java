package io.mcpgw.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders {@code compose/docker-compose.services.yml}: one container per MCP service, all from the gateway image in
 * the {@code services} role restricted to their one service, each with its data volume, restart policy, health
 * check, Traefik labels ({@link TraefikLabels}) and a memory limit sized for its session cap (a fixed JVM heap plus
 * {@link #SERVICE_MAX_SESSIONS} children). The output depends only on the service files, so a test can
 * compare the committed file with a fresh rendering.
 */
public final class ComposeServicesFile {
    /** The command that writes the file (also printed in its header). */
    public static final String REGENERATE = "mvn -q -o -DskipTests package && java -cp target/mcp-oauth-gateway.jar "
            + "io.mcpgw.deploy.ComposeGenerator src/main/resources/services compose/docker-compose.services.yml";
    /** Where the per-service data lives in the image ({@code gateway.mcp.data-dir}, relative to /app). */
    public static final String DATA_DIR = "/app/services-data";
    /** The profile that starts every MCP service container. */
    public static final String ALL_PROFILE = "all-services";

    /**
     * Memory of one service container: the JVM ({@value #SERVICE_JAVA_OPTIONS}, about 350 MiB resident) plus
     * {@value #SERVICE_MAX_SESSIONS} children of at most about 70 MiB each (measured RSS of the reference servers).
     */
    public static final String SERVICE_MEM_LIMIT = "1g";
    /** Sessions (children) one service container runs at most by default; the limit above is sized for them. */
    public static final int SERVICE_MAX_SESSIONS = 8;
    public static final String SERVICE_JAVA_OPTIONS = "-Xmx256m -XX:MaxMetaspaceSize=128m -XX:+ExitOnOutOfMemoryError";

    private ComposeServicesFile() {
    }

    /** The Docker secret (declared in docker-compose.yml) with the password of the Redis user {@code services}. */
    static final String REDIS_SECRET = "redis_services_password";

    /** The environment of a service container (compose interpolates the {@code ${...}} values from .env). */
    static Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GATEWAY_ROLE", "services");
        env.put("GATEWAY_SERVICES", service);
        env.put("BASE_DOMAIN", "${BASE_DOMAIN:?set BASE_DOMAIN in compose/.env}");
        // the limited Redis user (public signing keys and access-token records only), its password as a file; no
        // private key: the services role verifies with the public keys the auth container publishes
        env.put("REDIS_URL", "redis://services:@redis:6379/0");
        env.put("REDIS_PASSWORD_FILE", "/run/secrets/" + REDIS_SECRET);
        env.put("MCP_CORS_ORIGINS", "${MCP_CORS_ORIGINS:-}");
        env.put("SESSION_TIMEOUT", "${SESSION_TIMEOUT:-}");
        env.put("MCP_MAX_SESSIONS_PER_USER", "${MCP_MAX_SESSIONS_PER_USER:-}");
        env.put("MCP_MAX_SESSIONS", "${MCP_MAX_SESSIONS:-" + SERVICE_MAX_SESSIONS + "}");
        env.put("GATEWAY_TRUSTED_PROXIES", "${GATEWAY_TRUSTED_PROXIES:-}");
        env.put("GATEWAY_LOG_LEVEL", "${GATEWAY_LOG_LEVEL:-INFO}");
        env.put("GATEWAY_LOG_FORMAT", "${GATEWAY_LOG_FORMAT:-text}");
        // Prometheus text on its own port, reachable on the container networks only (no Traefik router names it);
        // off unless METRICS_PORT is set in .env
        env.put("METRICS_PORT", "${METRICS_PORT:-}");
        env.put("METRICS_BIND", "0.0.0.0");
        // a fixed heap, so the rest of the container's memory limit is left to the MCP children
        env.put("JAVA_TOOL_OPTIONS", "${SERVICE_JAVA_TOOL_OPTIONS:-" + SERVICE_JAVA_OPTIONS + "}");
        return env;
    }

    /** Docker's json-file driver, rotated: at most LOG_MAX_FILE files of LOG_MAX_SIZE per container. */
    static final String LOGGING = """
                logging:
                  driver: json-file
                  options:
                    max-size: "${LOG_MAX_SIZE:-10m}"
                    max-file: "${LOG_MAX_FILE:-5}"
            """;

    public static String render(List<ServiceFile> services) {
        StringBuilder y = new StringBuilder();
        y.append("# GENERATED from src/main/resources/services/*.camel.yaml by io.mcpgw.deploy.ComposeGenerator: do not edit.\n")
                .append("# Regenerate after adding or renaming a service file (ComposeGeneratorTest fails while this file is stale):\n")
                .append("#   ").append(REGENERATE).append("\n")
                .append("# Used together with docker-compose.yml (COMPOSE_FILE in .env). A container starts when its service name\n")
                .append("# (or ").append(ALL_PROFILE).append(") is in COMPOSE_PROFILES.\n");
        if (services.isEmpty()) {
            return y.append("services: {}\n").toString();
        }
        y.append("services:\n");
        for (ServiceFile s : services) {
            service(y, s);
        }
        y.append("\nvolumes:\n");
        for (ServiceFile s : services) {
            y.append("  ").append(volume(s.name())).append(": {}\n");
        }
        return y.toString();
    }

    static String volume(String service) {
        return TraefikLabels.id(service) + "-data";
    }

    private static void service(StringBuilder y, ServiceFile s) {
        y.append("\n  ").append(TraefikLabels.id(s.name())).append(":\n");
        if (!s.description().isEmpty()) {
            y.append("    # ").append(s.description()).append("\n");
        }
        y.append("    profiles: [").append(q(s.name())).append(", ").append(q(ALL_PROFILE)).append("]\n");
        y.append("    image: ").append(q("${GATEWAY_IMAGE:-mcp-oauth-gateway:local}")).append("\n");
        y.append("    build:\n      context: \"..\"\n      target: ").append(q("${GATEWAY_BUILD_TARGET:-runtime}")).append("\n");
        y.append("    restart: unless-stopped\n");
        y.append("    environment:\n");
        environment(s.name()).forEach((k, v) -> y.append("      ").append(k).append(": ").append(q(v)).append("\n"));
        y.append("    secrets: [").append(REDIS_SECRET).append("]\n");
        y.append("    volumes:\n      - ").append(q(volume(s.name()) + ":" + DATA_DIR)).append("\n");
        y.append("    networks: [edge, backend]\n");
        y.append("    security_opt: [\"no-new-privileges:true\"]\n");
        y.append("    mem_limit: ").append(q("${MCP_SERVICE_MEM_LIMIT:-" + SERVICE_MEM_LIMIT + "}")).append("\n");
        y.append("    depends_on:\n      redis:\n        condition: service_healthy\n");
        y.append("    healthcheck:\n")
                .append("      # ready: the store answers, the service file is loaded and its server can run and answers\n")
                .append("      test: [\"CMD\", \"curl\", \"-fsS\", \"--max-time\", \"4\", \"http://127.0.0.1:8080/health/ready\"]\n")
                .append("      interval: 30s\n      timeout: 5s\n      retries: 3\n      start_period: 30s\n");
        y.append(LOGGING);
        y.append("    labels:\n");
        TraefikLabels.labels(s.name()).forEach(l -> y.append("      - ").append(q(l)).append("\n"));
    }

    /** A YAML double-quoted scalar (JSON escaping is valid YAML). */
    static String q(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
