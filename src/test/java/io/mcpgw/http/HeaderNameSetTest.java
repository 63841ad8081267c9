package io.mcpgw.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lookups in any letter case, under the same rule as the message headers map (so letters that fold to ASCII ones
 * match too); nothing else matches (prefixes, extensions, other letters, null).
 */
class HeaderNameSetTest {
    final HeaderNameSet set = HeaderNameSet.of(Set.of("content-type", "WWW-Authenticate", "x-user-id"));

    @ParameterizedTest
    @ValueSource(strings = {"content-type", "Content-Type", "CONTENT-TYPE", "cOnTeNt-TyPe", "www-authenticate",
            "WWW-AUTHENTICATE", "X-User-Id"})
    void aMemberIsFoundInAnySpelling(String name) {
        assertThat(set.contains(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "content", "content-typ", "content-types", "content_type", "x-user-idx",
            "x-user-i", "\u212Aontent-type", "www-authenticat\u00e9", "x-u\u0161er-id"})
    void anythingElseIsNot(String name) {
        assertThat(set.contains(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-user-\u0130d", "X-USER-\u0131D", "WWW-AUTHENT\u0131CATE"})
    void aNameTheHeadersMapTakesForAMemberIsOne(String name) {
        assertThat(set.contains(name)).isTrue();
        AnyCaseHeaders map = new AnyCaseHeaders();
        map.put(name, "planted");
        assertThat(map.containsKey(name.toLowerCase(java.util.Locale.ROOT).startsWith("www") ? "WWW-Authenticate"
                : "X-User-Id")).as("the map would take it for the member").isTrue();
    }

    @Test
    void nullIsNotAMember() {
        assertThat(set.contains(null)).isFalse();
    }

    @Test
    void manyNamesWithCollidingSlotsAreAllFoundAndNoOtherIs() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            names.add("x-header-" + i);
        }
        HeaderNameSet many = HeaderNameSet.of(names);
        for (int i = 0; i < 200; i++) {
            assertThat(many.contains("X-HEADER-" + i)).as("X-HEADER-%d", i).isTrue();
        }
        for (int i = 200; i < 400; i++) {
            assertThat(many.contains("x-header-" + i)).as("x-header-%d", i).isFalse();
        }
    }

    @Test
    void anEmptySetHoldsNothing() {
        assertThat(HeaderNameSet.of(List.of()).contains("content-type")).isFalse();
    }

    @Test
    void nonAsciiNamesAreRefusedWhenTheSetIsBuilt() {
        assertThatThrownBy(() -> HeaderNameSet.of(List.of("x-caf\u00e9"))).isInstanceOf(IllegalArgumentException.class);
    }
}
