package io.mcpgw.bench;

import io.mcpgw.config.SigningAlgorithm;
import io.mcpgw.oauth.UserIdentity;
import io.mcpgw.oauth.token.AccessTokenIssuer;
import io.mcpgw.oauth.token.AccessTokenValidator;
import io.mcpgw.oauth.token.GrantStore;
import io.mcpgw.oauth.token.SigningKeys;
import io.mcpgw.testing.TestStores;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Load probe (not a test): the CPU cost of minting (sign) and checking (signature and claims, as {@code /verify} does
 * before its one store read) one access token per {@code JWT_SIGNING_ALG}, on one thread, the algorithms
 * interleaved round by round so a busy machine weighs on each alike.
 * Usage: {@code java -cp <test classpath> io.mcpgw.bench.SigningCost [seconds per measure] [rounds]}.
 */
public final class SigningCost {
    private static final String ISSUER = "http://localhost:8080";
    private static final UserIdentity USER = new UserIdentity("1001", "alice", "alice@example.com", "Alice");

    private SigningCost() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.println("| round | alg | tokens signed/s | tokens verified/s | token bytes |");
        System.out.println("|---|---|---|---|---|");
        for (int round = 0; round <= rounds; round++) { // round 0 warms the JIT up and is not printed
            for (SigningAlgorithm alg : SigningAlgorithm.values()) {
                var store = TestStores.memory();
                SigningKeys keys = new SigningKeys(store, Optional.empty(), alg, Clock.systemUTC());
                AccessTokenIssuer issuer = new AccessTokenIssuer(keys, ISSUER, Duration.ofHours(1), Clock.systemUTC());
                AccessTokenValidator validator = new AccessTokenValidator(keys,
                        new GrantStore(store, Duration.ofHours(1), Duration.ofDays(1)), ISSUER, Clock.systemUTC());
                String token = issue(issuer);
                double signed = rate(seconds, () -> issue(issuer));
                double verified = rate(seconds, () -> validator.signedByUs(token).orElseThrow());
                if (round > 0) {
                    System.out.printf("| %d | %s | %.0f | %.0f | %d |%n", round, alg, signed, verified, token.length());
                }
            }
        }
    }

    private static String issue(AccessTokenIssuer issuer) {
        return issuer.issue(USER, "client-1", "mcp:tools", List.of(ISSUER + "/everything/mcp")).value();
    }

    private static double rate(double seconds, Runnable op) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            op.run();
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
