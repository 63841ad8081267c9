package io.mcpgw.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets from files: read, exclusive with the variable, unreadable files reported without their content. */
class SecretFilesTest {
    @TempDir
    Path dir;

    @Test
    void secretsComeFromFiles() throws Exception {
        Files.writeString(dir.resolve("redis"), "pw-from-file\n");
        Files.writeString(dir.resolve("github"), "gh-secret\n");
        GatewaySettings s = SettingsLoader.load(Map.of("REDIS_URL", "redis://redis:6379/0",
                "REDIS_PASSWORD_FILE", dir.resolve("redis").toString(), "GITHUB_CLIENT_ID", "id",
                "GITHUB_CLIENT_SECRET_FILE", dir.resolve("github").toString(), "ALLOWED_GITHUB_USERS", "alice"), dir);
        assertThat(s.redis().orElseThrow().password()).contains("pw-from-file");
        assertThat(s.github().orElseThrow().clientSecret()).isEqualTo("gh-secret");
    }

    @Test
    void bothFormsAndUnreadableFilesAreProblemsWithoutContent() throws Exception {
        Files.writeString(dir.resolve("gh"), "do-not-echo");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("GITHUB_CLIENT_ID", "id", "GITHUB_CLIENT_SECRET", "x",
                "GITHUB_CLIENT_SECRET_FILE", dir.resolve("gh").toString(), "ALLOWED_GITHUB_USERS", "a",
                "REDIS_URL", "redis://r:6379", "REDIS_PASSWORD_FILE", dir.resolve("missing").toString(),
                "JWT_PRIVATE_KEY_FILE", dir.toString()), dir))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("GITHUB_CLIENT_SECRET: is set together with GITHUB_CLIENT_SECRET_FILE")
                .hasMessageContaining("REDIS_PASSWORD_FILE: names no readable file")
                .hasMessageContaining("JWT_PRIVATE_KEY_FILE: names no readable file")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("do-not-echo"));
    }
}
