package io.mcpgw.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ForwardedMcpPath}, checked on named cases and against a plain statement of them (a regular
 * expression for the service form, a split for dot segments) over 200,000 random paths made of the characters that
 * matter: slashes, dots, percent, backslash, semicolon, blanks, control characters, letters of both cases, digits,
 * {@code _} and {@code -}, and the word {@code mcp}.
 */
class ForwardedMcpPathTest {
    private static final Pattern SERVICE_PATH = Pattern.compile("/([a-z0-9][a-z0-9_-]*)/mcp/?");

    static boolean referenceAmbiguous(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return true;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' || c == '\\' || c <= ' ' || c == 0x7f || c == ';') {
                return true;
            }
        }
        if (path.contains("//")) {
            return true;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    static Optional<String> referenceService(String path) {
        var m = SERVICE_PATH.matcher(path);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    @Test
    void namedPaths() {
        assertThat(ForwardedMcpPath.service("/memory/mcp")).contains("memory");
        assertThat(ForwardedMcpPath.service("/memory/mcp/")).contains("memory");
        assertThat(ForwardedMcpPath.service("/sequential-thinking/mcp")).contains("sequential-thinking");
        assertThat(ForwardedMcpPath.service("/a/mcp")).contains("a");
        // Bad inputs: two trailing slashes, upper case, a leading dash, no service, a deeper path, another suffix.
        for (String other : new String[] {"/memory/mcp//", "/Memory/mcp", "/-x/mcp", "//mcp", "/mcp", "/a/b/mcp",
                "/memory/mcpx", "/memory/MCP", "memory/mcp", "", "/", "/memory/mcp/x"}) {
            assertThat(ForwardedMcpPath.service(other)).as(other).isEmpty();
        }
        for (String bad : new String[] {"", "memory/mcp", "/a//mcp", "/./mcp", "/a/../b/mcp", "/a/..", "/a/.",
                "/%2e%2e/mcp", "/a\\b", "/a;b/mcp", "/a b", "/a\tb", "/a\u007fb", "/a/mcp/.", "/.."}) {
            assertThat(ForwardedMcpPath.ambiguous(bad)).as(bad).isTrue();
        }
        for (String plain : new String[] {"/", "/memory/mcp", "/a/.b/mcp", "/a/b./mcp", "/a/.../mcp", "/a/..b",
                "/.well-known/x"}) {
            assertThat(ForwardedMcpPath.ambiguous(plain)).as(plain).isFalse();
        }
    }

    @Test
    void randomPathsAnswerAsThePlainRules() {
        String[] pieces = {"/", "/", "/", ".", ".", "%", "\\", ";", " ", "\t", "\u007f", "a", "z", "A", "0", "9", "_",
                "-", "mcp", "mcp", "/mcp", "\u00e9"};
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(8);
            if (random.nextInt(4) > 0) {
                b.append('/');
            }
            for (int j = 0; j < length; j++) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String path = b.toString();
            assertThat(ForwardedMcpPath.ambiguous(path)).as("ambiguous(%s)", path).isEqualTo(referenceAmbiguous(path));
            assertThat(ForwardedMcpPath.service(path)).as("service(%s)", path).isEqualTo(referenceService(path));
        }
    }
}
