package io.mcpgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgw.testsupport.GitHubStandIn;
import io.mcpgw.testsupport.HeadlessChromium;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.Pkce;
import io.mcpgw.testsupport.RedirectRecorder;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.mcpgw.testsupport.OptionalProgram;
import io.mcpgw.testsupport.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The consent page and the local development login in a real browser (headless Chromium over WebDriver): what the
 * user sees (client name as text even when it holds a script, redirect host, service, scopes), approve → login →
 * the client's redirect URI with code, state and iss; deny → access_denied with state and iss. Screenshots of both
 * pages go to {@code target/screenshots/}.
 */
@RequiresProgram(OptionalProgram.CHROMIUM)
class BrowserConsentIT {
    static final String EVIL_NAME = "Evil <script>alert(1)</script> app";
    static final ObjectMapper JSON = new ObjectMapper();
    static InProcessGateway gateway;
    static RedirectRecorder client;
    static String clientId;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        gateway = InProcessGateway.start(Map.of("REGISTER_RATE_LIMIT", "0"), Map.of(),
                Map.of("gateway.mcp.data-dir", "target/test-services-data"));
        client = new RedirectRecorder();
        clientId = register(gateway);
    }

    static String register(InProcessGateway gateway) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.uri("/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("redirect_uris", new String[] {client.redirectUri()}, "token_endpoint_auth_method", "none",
                                "client_name", EVIL_NAME, "scope", "mcp:tools")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode registered = JSON.readTree(r.body());
        assertThat(registered.path("client_name").asText()).isEqualTo(EVIL_NAME);
        return registered.path("client_id").asText();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    String resource() {
        return gateway.issuer() + "/everything/mcp";
    }

    String authorizeUrl(Pkce pkce, String state) {
        return authorizeUrl(gateway, clientId, pkce, state);
    }

    static String authorizeUrl(InProcessGateway gateway, String clientId, Pkce pkce, String state) {
        return gateway.issuer() + "/authorize?response_type=code&client_id=" + enc(clientId) + "&redirect_uri="
                + enc(client.redirectUri()) + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256"
                + "&state=" + enc(state) + "&scope=mcp%3Atools&resource=" + enc(gateway.issuer() + "/everything/mcp");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void assertNoAlert(WebDriver driver) {
        assertThatThrownBy(() -> driver.switchTo().alert()).as("a script ran: an alert is open")
                .isInstanceOf(NoAlertPresentException.class);
    }

    /** Waits until the client's redirect URI got a request; else fails showing where the browser stopped. */
    static void awaitRedirect(WebDriver driver, int before) {
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> client.received().size() > before);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the browser never reached the client's redirect URI; it is at "
                    + driver.getCurrentUrl() + "\n" + driver.getPageSource(), e);
        }
    }

    @Test
    void approveShowsTheClientAsTextThenLoginThenRedirectsWithCodeStateAndIss() throws Exception {
        Pkce pkce = Pkce.create();
        String state = "approve-" + System.nanoTime();
        int before = client.received().size();
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            ChromeDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(authorizeUrl(pkce, state));

            // The consent page: the client name is text, its <script> did not run and is not an element.
            assertThat(driver.getTitle()).contains("Allow access?");
            assertNoAlert(driver);
            assertThat(driver.findElements(By.tagName("script"))).isEmpty();
            assertThat(driver.findElement(By.id("client-name")).getText()).isEqualTo(EVIL_NAME);
            assertThat(driver.findElement(By.tagName("h1")).getText()).contains("<script>alert(1)</script>");
            assertThat(driver.findElement(By.id("redirect-host")).getText()).isEqualTo("127.0.0.1");
            assertThat(driver.findElement(By.id("services")).getText()).isEqualTo("everything");
            assertThat(driver.findElement(By.id("scopes")).getText()).isEqualTo("mcp:tools");
            assertThat(driver.findElement(By.id("client-id")).getText()).contains(clientId);
            Path consentShot = chromium.screenshot("consent");
            assertThat(Files.size(consentShot)).isGreaterThan(1000);

            driver.findElement(By.id("approve")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
            assertThat(driver.getCurrentUrl()).startsWith(gateway.issuer() + "/login");
            assertThat(driver.getTitle()).contains("Sign in");
            assertNoAlert(driver);
            Path loginShot = chromium.screenshot("login");
            assertThat(Files.size(loginShot)).isGreaterThan(1000);

            driver.findElement(By.name("username")).sendKeys("alice");
            driver.findElement(By.id("login")).click();
            awaitRedirect(driver, before);
            wait.until(ExpectedConditions.urlContains(client.redirectUri()));
            assertThat(driver.findElement(By.id("done")).getText()).contains("client received the redirect");
        }
        Map<String, String> query = client.received().get(before);
        assertThat(query).containsEntry("state", state).containsEntry("iss", gateway.issuer()).containsKey("code")
                .doesNotContainKey("error");

        // The code the browser carried is a real one: the client redeems it with its PKCE verifier.
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(gateway.uri("/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + enc(query.get("code"))
                        + "&redirect_uri=" + enc(client.redirectUri()) + "&client_id=" + enc(clientId)
                        + "&code_verifier=" + pkce.verifier())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String jwt = JSON.readTree(token.body()).path("access_token").asText();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        assertThat(claims.path("username").asText()).isEqualTo("alice");
        assertThat(ClientAssertions.texts(claims.path("aud"))).containsExactly(resource());
    }

    @Test
    void withGitHubConfiguredAllowGoesThroughGitHubAndBackToTheClient() throws Exception {
        try (GitHubStandIn github = new GitHubStandIn("gh-client", "gh-secret");
             InProcessGateway gh = InProcessGateway.start(Map.of("REGISTER_RATE_LIMIT", "0",
                     "GITHUB_CLIENT_ID", "gh-client", "GITHUB_CLIENT_SECRET", "gh-secret",
                     "GITHUB_OAUTH_URL", github.url(), "GITHUB_API_URL", github.url(), "ALLOWED_GITHUB_USERS", "octocat"),
                     Map.of(), Map.of("gateway.mcp.data-dir", "target/test-services-data"));
             HeadlessChromium chromium = new HeadlessChromium()) {
            github.mode(GitHubStandIn.Mode.APPROVE);
            github.signedInAs(new GitHubStandIn.User(4242, "octocat", "The Octocat", null, "octo@example.com"));
            String ghClient = register(gh);
            String state = "github-" + System.nanoTime();
            int before = client.received().size();
            ChromeDriver driver = chromium.driver();
            driver.get(authorizeUrl(gh, ghClient, Pkce.create(), state));
            assertThat(driver.findElement(By.id("client-name")).getText()).isEqualTo(EVIL_NAME);
            assertThat(driver.findElement(By.tagName("body")).getText()).contains("GitHub");
            driver.findElement(By.id("approve")).click();
            // consent → 302 to GitHub (another origin) → 302 to the gateway's /callback → 302 to the client
            awaitRedirect(driver, before);
            Map<String, String> query = client.received().get(before);
            assertThat(query).containsEntry("state", state).containsEntry("iss", gh.issuer()).containsKey("code");
            assertThat(github.pkceChecks.get()).isPositive();
        }
    }

    @Test
    void denyRedirectsWithAccessDeniedStateAndIss() throws Exception {
        Pkce pkce = Pkce.create();
        String state = "deny-" + System.nanoTime();
        int before = client.received().size();
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            ChromeDriver driver = chromium.driver();
            driver.get(authorizeUrl(pkce, state));
            assertThat(driver.findElement(By.id("client-name")).getText()).isEqualTo(EVIL_NAME);
            assertNoAlert(driver);
            driver.findElement(By.id("deny")).click();
            awaitRedirect(driver, before);
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains(client.redirectUri()));
            assertThat(driver.getCurrentUrl()).contains("error=access_denied");
        }
        Map<String, String> query = client.received().get(before);
        assertThat(query).containsEntry("error", "access_denied").containsEntry("state", state)
                .containsEntry("iss", gateway.issuer()).doesNotContainKey("code");
    }
}
