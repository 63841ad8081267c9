package io.mcpgw.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpgw.oauth.OAuthException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8707 at the token endpoint: narrowing compares the audience form, widening is refused. */
class ResourceIndicatorsTest {
    static final List<String> GRANTED = List.of("http://localhost:8080/everything/mcp", "https://mcp-memory.example.com/mcp");

    @Test
    void theSameResourceSpelledWithATrailingSlashUpperCaseHostOr127001StillNarrows() {
        assertThat(ResourceIndicators.narrow(List.of("http://localhost:8080/everything/mcp/"), GRANTED))
                .containsExactly("http://localhost:8080/everything/mcp");
        assertThat(ResourceIndicators.narrow(List.of("http://127.0.0.1:8080/everything/mcp"), GRANTED))
                .containsExactly("http://localhost:8080/everything/mcp");
        assertThat(ResourceIndicators.narrow(List.of("https://MCP-memory.example.com:443/mcp"), GRANTED))
                .containsExactly("https://mcp-memory.example.com/mcp");
    }

    @Test
    void noResourceMeansEverythingGrantedAndAnUngrantedOneIsInvalidTarget() {
        assertThat(ResourceIndicators.narrow(List.of(), GRANTED)).isEqualTo(GRANTED);
        assertThatThrownBy(() -> ResourceIndicators.narrow(List.of("http://localhost:8080/memory/mcp"), GRANTED))
                .isInstanceOf(OAuthException.class)
                .extracting(e -> ((OAuthException) e).error().code()).isEqualTo("invalid_target");
        assertThatThrownBy(() -> ResourceIndicators.narrow(List.of("http://localhost:9090/everything/mcp"), GRANTED))
                .extracting(e -> ((OAuthException) e).error().code()).isEqualTo("invalid_target");
    }
}
