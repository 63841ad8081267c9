package io.mcpgw.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the starting refresh tokens of {@code bench/refresh.lua}: registers a public client on a gateway running the
 * local development login, runs {@code count} full authorization-code flows (PKCE, consent, login, token) and writes
 * the client id and then one refresh token per line. Usage:
 * {@code ObtainRefreshTokens <gateway base URL> <count> <output file>}.
 */
public final class ObtainRefreshTokens {
    private ObtainRefreshTokens() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int count = Integer.parseInt(args[1]);
        String clientId = TokenBenchmark.register(base);
        List<String> lines = new ArrayList<>(List.of(clientId));
        for (int i = 0; i < count; i++) {
            lines.add(TokenBenchmark.codeFlow(base, clientId));
        }
        Files.write(Path.of(args[2]), lines);
    }
}
