package io.mcpgw.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lookups in any ASCII letter case; nothing else matches (prefixes, extensions, non-ASCII look-alikes, null). */
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
            "x-user-i", "\u212Aontent-type", "x-user-\u0130d", "www-authenticat\u00e9"})
    void anythingElseIsNot(String name) {
        assertThat(set.contains(name)).isFalse();
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
