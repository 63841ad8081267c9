package io.mcpgw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Cross-cutting concerns implemented once, kept once: each marker below may occur in exactly one main source file.
 * A second copy (rewritten, so a copy detector would miss it) fails here; move the use onto the one implementation.
 */
class OneImplementationPerConcernTest {

    static List<Path> mainSources() {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> filesMatching(Pattern marker) {
        return mainSources().stream().filter(p -> {
            try {
                return marker.matcher(Files.readString(p)).find();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).map(p -> p.getFileName().toString()).sorted().toList();
    }

    @Test
    void theHtmlSecurityHeadersAreWrittenByOneHelper() {
        assertThat(filesMatching(Pattern.compile("default-src|X-Frame-Options|nosniff")))
                .containsExactly("HtmlSecurityHeaders.java");
    }

    @Test
    void theLoopbackHostNamesAreListedOnce() {
        assertThat(filesMatching(Pattern.compile("\"\\[::1]\"|\"127\\.0\\.0\\.1\"\\s*\\.equals|equals\\(\"127\\.0\\.0\\.1\"\\)")))
                .containsExactly("Loopback.java");
    }

    @Test
    void redisUrlIsParsedOnce() {
        assertThat(filesMatching(Pattern.compile("(class|record) RedisUrl\\b"))).containsExactly("RedisUrl.java");
        assertThat(filesMatching(Pattern.compile("RedisURI\\.create\\("))).containsExactly("RedisStateStore.java");
    }

    @Test
    void theAudienceFormIsTakenInOnePlace() {
        assertThat(filesMatching(Pattern.compile("\\.audienceOf\\("))).containsExactly("Audience.java");
        assertThat(filesMatching(Pattern.compile("\\bAudience\\.of\\(")))
                .contains("ResourceIndicators.java", "AuthorizationRequestValidator.java", "TokenAccessGuard.java");
    }

    @Test
    void pemPrivateKeysAreParsedOnce() {
        assertThat(filesMatching(Pattern.compile("PKCS8EncodedKeySpec\\("))).containsExactly("RsaPemKeys.java");
        assertThat(filesMatching(Pattern.compile("\"RSA PRIVATE KEY\""))).containsExactly("RsaPemKeys.java");
    }

    @Test
    void corsHeaderValuesComeFromOnePolicy() {
        assertThat(filesMatching(Pattern.compile("Access-Control-Allow-Headers|Access-Control-Expose-Headers|Mcp-Session-Id, Last-Event-ID")))
                .containsExactly("CorsPolicy.java");
    }
}
