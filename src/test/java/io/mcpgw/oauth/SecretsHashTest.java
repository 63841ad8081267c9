package io.mcpgw.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Secrets#hash} is base64url(SHA-256(UTF-8 bytes)) for any value — ASCII (through the thread's buffer),
 * non-ASCII, empty, longer than the buffer, longer than what is ever buffered — and a short value hashed after a long
 * one is not mixed with the long one's leftover bytes.
 */
class SecretsHashTest {

    static String reference(String value) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln", "caf\u00e9", "\u00ff", "\u20ac",
            "\ud83d\ude00 token", "tab\tand\nnewline", "\u007f"})
    void hashIsBase64UrlOfTheSha256OfTheUtf8Bytes(String value) throws Exception {
        assertThat(Secrets.hash(value)).isEqualTo(reference(value)).hasSize(43);
    }

    @Test
    void aRangeHashesAsItsSubstringWithoutTouchingTheRest() throws Exception {
        String header = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln  ";
        assertThat(Secrets.hash(header, 7, 48)).isEqualTo(reference(header.substring(7, 48)));
        assertThat(Secrets.hash(header, 0, header.length())).isEqualTo(Secrets.hash(header));
        assertThat(Secrets.hash(header, 5, 5)).isEqualTo(reference(""));
        String mixed = "caf\u00e9 \ud83d\ude00 token";
        for (int from = 0; from <= mixed.length(); from++) {
            for (int to = from; to <= mixed.length(); to++) {
                assertThat(Secrets.hash(mixed, from, to)).as(from + ".." + to).isEqualTo(reference(mixed.substring(from, to)));
            }
        }
        // Bad inputs: a range outside the value, reversed, negative.
        for (int[] bad : new int[][] {{0, header.length() + 1}, {10, 9}, {-1, 3}}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Secrets.hash(header, bad[0], bad[1]))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void longValuesAndAShortOneAfterThemHashAsThemselves() throws Exception {
        for (int length : List.of(1023, 1024, 1025, 5000, 16 * 1024, 16 * 1024 + 1, 100_000, 3)) {
            String value = "x".repeat(length - 1) + (length % 2 == 0 ? "y" : "\u00e9");
            assertThat(Secrets.hash(value)).as("length %d", length).isEqualTo(reference(value));
        }
        assertThat(Secrets.hash("ab")).isEqualTo(reference("ab"));
    }

    @Test
    void threadsHashingAtOnceEachGetTheirOwnValuesHash() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> checks = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                checks.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        String value = "token-" + seed + "-" + i + "-".repeat((i * 7) % 1500);
                        if (!Secrets.hash(value).equals(reference(value))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> check : checks) {
                assertThat(check.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
