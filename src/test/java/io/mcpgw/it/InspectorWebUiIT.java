package io.mcpgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpgw.testsupport.HeadlessChromium;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.NodeClient;
import io.mcpgw.testsupport.OptionalProgram;
import io.mcpgw.testsupport.RequiresProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The MCP Inspector's web UI ({@code @modelcontextprotocol/inspector}, pinned in package.json) in headless Chromium,
 * end to end through its OAuth flow against the gateway: the Inspector is started for the gateway's MCP URL
 * (streamable HTTP), the user switches the connection on, approves the consent page and signs in with the local
 * development login in the same browser, and the Inspector lists the service's tools.
 */
@RequiresProgram(OptionalProgram.CHROMIUM)
class InspectorWebUiIT {
    static final Path LAUNCHER = Path.of("node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js")
            .toAbsolutePath();
    @TempDir
    Path home;

    @Test
    void theWebUiConnectsThroughOAuthAndListsTools() throws Exception {
        int uiPort = InProcessGateway.freePort();
        int sandboxPort = InProcessGateway.freePort();
        String uiOrigin = "http://127.0.0.1:" + uiPort;
        try (InProcessGateway gateway = InProcessGateway.start(Map.of("REGISTER_RATE_LIMIT", "0",
                "MCP_CORS_ORIGINS", uiOrigin + ", http://localhost:" + uiPort), Map.of(),
                Map.of("gateway.mcp.data-dir", "target/test-services-data"))) {
            String mcpUrl = gateway.issuer() + "/everything/mcp";
            Path log = home.resolve("inspector.log");
            ProcessBuilder pb = new ProcessBuilder(NodeClient.node22(), LAUNCHER.toString(), "--web",
                    "--transport", "http", "--server-url", mcpUrl)
                    .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("HOME", home.toString());
            env.put("CLIENT_PORT", String.valueOf(uiPort));
            env.put("MCP_SANDBOX_PORT", String.valueOf(sandboxPort));
            env.put("DANGEROUSLY_OMIT_AUTH", "true");
            env.put("MCP_AUTO_OPEN_ENABLED", "false");
            env.put("MCP_INSPECTOR_SECRET_STORE", "memory");
            env.remove("DISPLAY");
            Process inspector = pb.start();
            try (HeadlessChromium chromium = new HeadlessChromium()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    assertThat(inspector.isAlive()).as("inspector exited:\n%s", Files.readString(log)).isTrue();
                    return Files.readString(log).contains("is up and running");
                });
                ChromeDriver driver = chromium.driver();
                try {
                    driver.get(uiOrigin + "/");
                    WebElement toggle = await().atMost(Duration.ofSeconds(30)).until(
                            () -> driver.findElements(By.cssSelector("input[role=switch]")), l -> !l.isEmpty()).get(0);
                    ((JavascriptExecutor) driver).executeScript("arguments[0].click()", toggle);
                    // The Inspector sends the browser to the gateway's consent page (this window or a new one).
                    await().atMost(Duration.ofSeconds(30)).until(() -> switchToWindowWith(driver, By.id("approve")));
                    assertThat(driver.findElement(By.id("services")).getText()).isEqualTo("everything");
                    driver.findElement(By.id("approve")).click();
                    await().atMost(Duration.ofSeconds(20)).until(() -> !driver.findElements(By.name("username")).isEmpty());
                    driver.findElement(By.name("username")).sendKeys("alice");
                    driver.findElement(By.id("login")).click();
                    // Back in the Inspector: connected; its tool list shows the everything server's tools.
                    await().atMost(Duration.ofSeconds(60)).until(() -> switchToWindowWith(driver, By.cssSelector("input[role=switch]"))
                            && driver.findElement(By.tagName("body")).getText().contains("Connected"));
                    chromium.screenshot("inspector-web-connected");
                    openTools(driver);
                    await().atMost(Duration.ofSeconds(30)).until(() -> driver.findElement(By.tagName("body")).getText()
                            .contains("echo"));
                    chromium.screenshot("inspector-web-tools");
                    assertThat(driver.findElement(By.tagName("body")).getText()).contains("echo").contains("get-sum")
                            .containsPattern("Tools \\(\\d+\\)");
                } catch (Throwable e) {
                    chromium.screenshot("inspector-web-failure");
                    throw new AssertionError("at " + driver.getCurrentUrl() + "\ninspector log:\n" + Files.readString(log)
                            + "\npage:\n" + driver.findElement(By.tagName("body")).getText(), e);
                }
            } finally {
                inspector.destroy();
                if (!inspector.waitFor(10, TimeUnit.SECONDS)) {
                    inspector.destroyForcibly();
                }
            }
        }
    }

    /** Switches to the first window that shows {@code element}; false when none does yet. */
    static boolean switchToWindowWith(ChromeDriver driver, By element) {
        for (String handle : driver.getWindowHandles()) {
            driver.switchTo().window(handle);
            if (!driver.findElements(element).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Opens the Tools view (the header's segmented control) and asks for the list where the UI has such a button. */
    static void openTools(ChromeDriver driver) {
        // A Mantine SegmentedControl: a radio input per view and its label; click the label until the view is on.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            driver.findElement(By.cssSelector("[class*=SegmentedControl-root] label[for$='-Tools']")).click();
            return driver.findElement(By.cssSelector("[class*=SegmentedControl-root] input[value=Tools]")).isSelected();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<WebElement> list = driver.findElements(By.xpath("//button[contains(normalize-space(), 'List Tools')"
                    + " or contains(normalize-space(), 'List tools') or contains(normalize-space(), 'Refresh')]"));
            list.stream().filter(WebElement::isDisplayed).findFirst().ifPresent(WebElement::click);
            return true;
        });
    }
}
