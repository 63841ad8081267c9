package io.mcpgw.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.config.GatewaySettings;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code admin check-github}: asks GitHub whether the configured OAuth App credentials and callback URL are right,
 * without a user. It redeems a made-up authorization code with the client id, the secret and the gateway's callback
 * URL; GitHub checks them in that order and answers {@code incorrect_client_credentials},
 * {@code redirect_uri_mismatch}, or — when both are right — {@code bad_verification_code} (the made-up code). The
 * secret goes only to GitHub's token endpoint and is never printed.
 */
@Command(name = "check-github", mixinStandardHelpOptions = true, description = "Verify the GitHub OAuth App "
        + "credentials (GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET) and its callback URL (GATEWAY_ISSUER + /callback).")
final class CheckGitHubCommand implements Callable<Integer> {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @ParentCommand
    AdminCli root;

    @Override
    public Integer call() {
        GatewaySettings settings = root.context().settings();
        GatewaySettings.GitHub github = settings.github().orElseThrow(() -> AdminFailure.badInput(
                "GitHub login is not configured (GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET are unset)"));
        String callback = settings.issuer() + "/callback";
        String error = redeemMadeUpCode(github, callback);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("github", github.oauthUrl());
        result.put("client_id", github.clientId());
        result.put("callback_url", callback);
        boolean credentialsOk = !error.equals("incorrect_client_credentials");
        boolean callbackOk = credentialsOk && !error.equals("redirect_uri_mismatch");
        boolean understood = error.equals("bad_verification_code") || !credentialsOk || !callbackOk;
        result.put("credentials", credentialsOk ? "ok" : "rejected");
        result.put("callback", !credentialsOk ? "not checked" : callbackOk ? "ok" : "rejected");
        result.put("github_answer", error);
        boolean ok = understood && credentialsOk && callbackOk;
        AdminCli.AUDIT.info("event=admin_check_github client_id={} credentials={} callback={} answer={}",
                github.clientId(), result.get("credentials"), result.get("callback"), error);
        if (root.json()) {
            result.put("ok", ok);
            root.printJson(result);
        } else {
            root.out().println("credentials (GITHUB_CLIENT_ID " + github.clientId() + "): " + result.get("credentials"));
            root.out().println("callback URL " + callback + ": " + result.get("callback"));
            root.out().flush();
        }
        if (!credentialsOk) {
            throw new AdminFailure(AdminExit.CHECK_FAILED, "GitHub rejected the client id or secret: check "
                    + "GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET against the OAuth App's settings");
        }
        if (!callbackOk) {
            throw new AdminFailure(AdminExit.CHECK_FAILED, "the OAuth App's 'Authorization callback URL' does not "
                    + "cover " + callback + ": set it to that URL in the GitHub OAuth App settings");
        }
        if (!understood) {
            throw new AdminFailure(AdminExit.CHECK_FAILED, "unexpected answer from GitHub: " + error);
        }
        return AdminExit.OK;
    }

    /** The {@code error} GitHub answers to a made-up code; {@code unreachable…} when there is no answer. */
    private static String redeemMadeUpCode(GatewaySettings.GitHub github, String callback) {
        String form = "client_id=" + enc(github.clientId()) + "&client_secret=" + enc(github.clientSecret())
                + "&code=" + enc("check-" + Secrets.random(12)) + "&redirect_uri=" + enc(callback);
        HttpRequest request = HttpRequest.newBuilder(URI.create(github.oauthUrl() + "/login/oauth/access_token"))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AdminFailure(AdminExit.UNAVAILABLE, "cannot reach " + github.oauthUrl() + ": "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminFailure(AdminExit.UNAVAILABLE, "interrupted");
        }
        try {
            JsonNode body = Json.parseUntrusted(response.body());
            if (body != null && body.path("error").isTextual()) {
                return body.get("error").asText().replaceAll("[^a-z_]", "");
            }
        } catch (Exception notJson) {
            // fall through
        }
        return "HTTP " + response.statusCode() + " without an OAuth error";
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
