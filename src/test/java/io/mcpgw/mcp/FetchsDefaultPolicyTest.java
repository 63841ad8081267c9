package io.mcpgw.mcp;

import static io.mcpgw.mcp.McpTestClient.call;
import static io.mcpgw.mcp.McpTestClient.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.TestAccessGuard;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway with the default address policy refuses the loopback site {@link FetchsServiceTest} fetches. */
class FetchsDefaultPolicyTest {
    static final List<String> hits = new CopyOnWriteArrayList<>();
    static InProcessGateway gw;
    static McpTestClient client;
    static HttpServer site;

    @BeforeAll
    static void start() throws Exception {
        site = FetchsServiceTest.page("<html><body>secret intranet page</body></html>", hits);
        gw = InProcessGateway.start(Map.of(), Map.of("accessGuard", new TestAccessGuard()), Map.of());
        client = new McpTestClient(gw);
    }

    @AfterAll
    static void stop() {
        gw.close();
        site.stop(0);
    }

    @Test
    void loopbackAndNamesResolvingToItAreRefusedWithoutAConnection() throws Exception {
        String session = client.open("fetchs", "alice");
        int port = site.getAddress().getPort();
        for (String url : List.of("http://127.0.0.1:" + port + "/", "http://localhost:" + port + "/",
                "http://[::ffff:127.0.0.1]:" + port + "/", "http://0.0.0.0:" + port + "/")) {
            HttpResponse<String> r = client.post("fetchs", "alice", session, call(1, "fetch", "{\"url\":\"" + url + "\"}"));
            assertThat(response(r).at("/result/isError").asBoolean()).as(url).isTrue();
            assertThat(response(r).at("/result/content/0/text").asText()).as(url).startsWith("Refused to fetch")
                    .doesNotContain("secret intranet page");
        }
        assertThat(hits).isEmpty();
    }
}
