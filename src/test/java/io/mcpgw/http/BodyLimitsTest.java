package io.mcpgw.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BodyLimitsTest {
    private final BodyLimits limits = new BodyLimits(65_536, 8_192, Duration.ofSeconds(30));

    @Test
    void eachOAuthPathHasItsLimitWithOrWithoutATrailingSlash() {
        for (String form : new String[] {"/token", "/revoke", "/introspect", "/consent", "/login", "/authorize"}) {
            assertThat(limits.limitFor(form)).as(form).isEqualTo(8_192);
            assertThat(limits.limitFor(form + "/")).as(form + "/").isEqualTo(8_192);
        }
        assertThat(limits.limitFor("/register")).isEqualTo(65_536);
        assertThat(limits.limitFor("/register/")).isEqualTo(65_536);
        assertThat(limits.limitFor("/register/c-123")).isEqualTo(65_536);
        assertThat(limits.limitFor("/register/c-123/")).isEqualTo(65_536);
    }

    @Test
    void otherPathsHaveNoLimitHere() {
        // Bad inputs: null, empty, "/", a second segment under a client, look-alikes, another case, a double slash.
        for (String other : new String[] {null, "", "/", "/verify", "/everything/mcp", "/register/a/b", "/tokens",
                "/Token", "/token//", "/registerx", "//token"}) {
            assertThat(limits.limitFor(other)).as(String.valueOf(other)).isEqualTo(-1);
        }
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new BodyLimits(0, 8_192, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BodyLimits(1, 8_192, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
