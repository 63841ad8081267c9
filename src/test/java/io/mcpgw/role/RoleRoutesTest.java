package io.mcpgw.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.config.GatewayRole;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every route file belongs to a split role, and the split roles keep their sides apart. */
class RoleRoutesTest {
    static final Path ROUTES = Path.of("src/main/resources/routes");

    static List<String> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(ROUTES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(RoleRoutes.SUFFIX)).sorted().toList();
        }
    }

    static boolean loads(GatewayRole role, String fileName) {
        return RoleRoutes.files(role).stream().anyMatch(pattern -> {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern + RoleRoutes.SUFFIX);
            return m.matches(Path.of(fileName));
        });
    }

    @Test
    void everyRouteFileIsLoadedByAllAndByAuthOrServices() throws IOException {
        assertThat(routeFiles()).isNotEmpty().allSatisfy(file -> {
            assertThat(loads(GatewayRole.ALL, file)).as(file + " in role all").isTrue();
            assertThat(loads(GatewayRole.AUTH, file) || loads(GatewayRole.SERVICES, file))
                    .as(file + " must be listed in RoleRoutes for role auth or services").isTrue();
        });
    }

    @Test
    void everyNamedFileExists() throws IOException {
        List<String> files = routeFiles();
        for (GatewayRole role : GatewayRole.values()) {
            RoleRoutes.files(role).stream().filter(f -> !f.contains("*"))
                    .forEach(f -> assertThat(files).as("role " + role.value()).contains(f + RoleRoutes.SUFFIX));
        }
    }

    @Test
    void theAuthorizationServerFilesAreNotLoadedByServicesAndMcpFilesNotByAuth() throws IOException {
        for (String oauth : List.of("authorize.camel.yaml", "registration.camel.yaml", "tokens.camel.yaml", "verify.camel.yaml")) {
            assertThat(loads(GatewayRole.AUTH, oauth)).as(oauth).isTrue();
            assertThat(loads(GatewayRole.SERVICES, oauth)).as(oauth).isFalse();
        }
        assertThat(loads(GatewayRole.SERVICES, "mcp-health.camel.yaml")).isTrue();
        assertThat(loads(GatewayRole.AUTH, "mcp-health.camel.yaml")).isFalse();
        for (String common : List.of("health.camel.yaml", "discovery.camel.yaml", "resource.camel.yaml")) {
            assertThat(loads(GatewayRole.AUTH, common) && loads(GatewayRole.SERVICES, common)).as(common).isTrue();
        }
    }

    @Test
    void theIncludePatternNamesClasspathFiles() {
        assertThat(RoleRoutes.includePattern(GatewayRole.ALL)).isEqualTo("classpath:routes/*.camel.yaml");
        assertThat(RoleRoutes.includePattern(GatewayRole.SERVICES)).isEqualTo("classpath:routes/health.camel.yaml,"
                + "classpath:routes/discovery.camel.yaml,classpath:routes/resource.camel.yaml,classpath:routes/mcp-*.camel.yaml");
    }
}
