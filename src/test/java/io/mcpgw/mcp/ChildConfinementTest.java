package io.mcpgw.mcp;

import static io.mcpgw.mcp.McpTestClient.call;
import static io.mcpgw.mcp.McpTestClient.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.GatewayWithServices;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps one user's MCP children away from other users and from the gateway's network, proven through the
 * gateway with real tokens (development login) and the real npm servers:
 * <ul>
 *   <li>the service file's {@code deniedTools} hides a tool and refuses its calls without reaching the child;</li>
 *   <li>{@code filesystem} gives each user their own root: bob cannot read, overwrite or list alice's file;</li>
 *   <li>{@code everything}'s {@code gzip-file-as-resource} fetches only from {@code GZIP_ALLOWED_DOMAINS}.</li>
 * </ul>
 */
class ChildConfinementTest {
    @TempDir
    static Path dataDir;
    static GatewayWithServices gateway;
    static InProcessGateway gw;
    static DevLoginClient login;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        NodeModules.requireInstalled();
        // A filesystem service whose write tool is denied by the gateway (the child itself would write).
        gateway = GatewayWithServices.builder()
                .service("fsread", """
                        command: npx
                        args: ["@modelcontextprotocol/server-filesystem@2026.8.31", "{dataDir}/fsread/{user}"]
                        workingDir: "{dataDir}/fsread/{user}"
                        createDirs: ["{dataDir}/fsread/{user}"]
                        deniedTools: [write_file, edit_file]
                        """)
                .property("gateway.mcp.data-dir", dataDir.toString()).start();
        gw = gateway.gateway();
        login = new DevLoginClient("http://127.0.0.1:" + gw.port());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    // --- deniedTools ---------------------------------------------------------------------------------------------

    @Test
    void aDeniedToolIsNotListedAndItsCallIsAnErrorThatNeverReachesTheChild() throws Exception {
        String token = token("alice", "fsread");
        String session = open("fsread", token);
        JsonNode list = response(post("fsread", token, session, "{\"jsonrpc\":\"2.0\",\"id\":\"l\",\"method\":\"tools/list\"}"));
        assertThat(list.at("/result/tools").findValuesAsText("name"))
                .contains("read_text_file", "list_directory").doesNotContain("write_file", "edit_file");

        Path target = dataDir.resolve("fsread/local-alice/denied.txt");
        HttpResponse<String> write = post("fsread", token, session,
                call(5, "write_file", "{\"path\":\"" + target + "\",\"content\":\"should not exist\"}"));
        assertThat(write.statusCode()).isEqualTo(200);
        JsonNode error = response(write);
        assertThat(error.get("id").asInt()).isEqualTo(5);
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(error.at("/error/message").asText()).contains("write_file").contains("not available");
        assertThat(target).doesNotExist(); // the child, which would have written it, never saw the call

        // bad inputs: the same name in another case or with a space is not the denied tool, and the child (which
        // does not know it) refuses it itself; the session keeps working afterwards
        for (String name : new String[] {"WRITE_FILE", "write_file "}) {
            JsonNode other = response(post("fsread", token, session,
                    call(6, name, "{\"path\":\"" + target + "\",\"content\":\"x\"}")));
            assertThat(other.has("error") || other.at("/result/isError").asBoolean()).as(name).isTrue();
        }
        assertThat(target).doesNotExist();
        JsonNode listing = response(post("fsread", token, session, call(7, "list_directory", "{\"path\":\".\"}")));
        assertThat(listing.at("/result/isError").asBoolean()).isFalse();
    }

    // --- filesystem: one root per user ---------------------------------------------------------------------------

    @Test
    void bobCannotReadOverwriteOrListAlicesFile() throws Exception {
        String alice = token("alice", "filesystem");
        String bob = token("bob", "filesystem");
        String aliceSession = open("filesystem", alice);
        String bobSession = open("filesystem", bob);

        JsonNode written = response(post("filesystem", alice, aliceSession,
                call(1, "write_file", "{\"path\":\"alice-secret.txt\",\"content\":\"alice private note\"}")));
        assertThat(written.at("/result/isError").asBoolean()).as(written.toString()).isFalse();
        Path aliceFile = dataDir.resolve("filesystem/local-alice/alice-secret.txt").toRealPath();
        assertThat(aliceFile).hasContent("alice private note");
        JsonNode aliceRead = response(post("filesystem", alice, aliceSession,
                call(2, "read_text_file", "{\"path\":\"alice-secret.txt\"}")));
        assertThat(aliceRead.at("/result/content/0/text").asText()).isEqualTo("alice private note");

        // bob tries alice's absolute path, a relative escape and a traversal out of his own root
        // (the directory of a development-login user is its subject, local-<name>)
        for (String path : new String[] {aliceFile.toString(), "../local-alice/alice-secret.txt",
                dataDir.toRealPath() + "/filesystem/local-bob/../local-alice/alice-secret.txt"}) {
            HttpResponse<String> r = post("filesystem", bob, bobSession,
                    call(3, "read_text_file", "{\"path\":\"" + path + "\"}"));
            assertThat(r.body()).as(path).doesNotContain("alice private note");
            JsonNode read = response(r);
            assertThat(read.has("error") || read.at("/result/isError").asBoolean()).as(path).isTrue();
        }
        JsonNode overwrite = response(post("filesystem", bob, bobSession,
                call(4, "write_file", "{\"path\":\"" + aliceFile + "\",\"content\":\"bob was here\"}")));
        assertThat(overwrite.has("error") || overwrite.at("/result/isError").asBoolean()).isTrue();
        assertThat(aliceFile).hasContent("alice private note");

        HttpResponse<String> bobListing = post("filesystem", bob, bobSession,
                call(5, "list_directory", "{\"path\":\".\"}"));
        assertThat(response(bobListing).at("/result/isError").asBoolean()).isFalse();
        assertThat(bobListing.body()).doesNotContain("alice-secret");
        HttpResponse<String> bobDirs = post("filesystem", bob, bobSession, call(6, "list_allowed_directories", "{}"));
        assertThat(response(bobDirs).at("/result/content/0/text").asText())
                .contains("filesystem/local-bob").doesNotContain("local-alice");

        // bob's token with alice's session is refused: sessions belong to their user
        assertThat(post("filesystem", bob, aliceSession, call(7, "read_text_file",
                "{\"path\":\"alice-secret.txt\"}")).statusCode()).isEqualTo(404);
    }

    // --- everything: fetch allow-list ----------------------------------------------------------------------------

    @Test
    void gzipFileAsResourceRefusesLoopbackAndMetadataAddresses() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/", ex -> {
            hits.incrementAndGet();
            byte[] body = "internal-only".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        target.start();
        try {
            int port = target.getAddress().getPort();
            String token = token("carol", "everything");
            String session = open("everything", token);
            for (String url : new String[] {"http://127.0.0.1:" + port + "/", "http://localhost:" + port + "/",
                    "http://[::1]:" + port + "/", "http://raw.githubusercontent.com@127.0.0.1:" + port + "/",
                    "http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:" + gw.port() + "/health"}) {
                HttpResponse<String> r = post("everything", token, session, call(1, "gzip-file-as-resource",
                        "{\"name\":\"x.gz\",\"data\":\"" + url + "\",\"outputType\":\"resource\"}"));
                JsonNode answer = response(r);
                assertThat(answer.at("/result/isError").asBoolean() || answer.has("error")).as(url).isTrue();
                assertThat(r.body()).as(url).contains("not in the allowed domains list").doesNotContain("\"blob\"");
            }
            assertThat(hits).hasValue(0);

            // control: the tool works for a data: URL (no network), so the refusals above are the allow-list's
            JsonNode ok = response(post("everything", token, session, call(2, "gzip-file-as-resource",
                    "{\"name\":\"x.gz\",\"data\":\"data:text/plain;base64,aGVsbG8=\",\"outputType\":\"resource\"}")));
            assertThat(ok.at("/result/isError").asBoolean()).as(ok.toString()).isFalse();
            assertThat(ok.toString()).contains("blob");
        } finally {
            target.stop(0);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static String token(String user, String service) {
        return login.login(user, gw.issuer() + "/" + service + "/mcp", null).accessToken();
    }

    private static String open(String service, String token) throws Exception {
        HttpResponse<String> r = post(service, token, null, McpTestClient.initialize("2025-06-18"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String session = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(post(service, token, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .statusCode()).isEqualTo(202);
        return session;
    }

    private static HttpResponse<String> post(String service, String token, String session, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri("/" + service + "/mcp")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", McpTestClient.BOTH)
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
