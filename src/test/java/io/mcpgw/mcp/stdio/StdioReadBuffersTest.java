package io.mcpgw.mcp.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.session.McpBackend;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The small per-child buffers ({@link StdioProcess#READ_CHUNK}, {@link StdioProcess#INITIAL_LINE_BYTES},
 * {@link StderrDrain#READ_CHUNK}) change nothing of what a child's output means: messages many chunks long, a message
 * larger than the retained line buffer followed by small ones, an overlong line between two good ones, CRLF line ends
 * and a stderr line spanning many chunks.
 */
class StdioReadBuffersTest {
    private static final int LIMIT = 64 * 1024;

    @Test
    void messagesOfEverySizeAroundTheBuffersArriveWholeAndInOrder() throws Exception {
        // ids 1..5: tiny; 3 chunks; over the retained line buffer; just under the limit; then an overlong line (id 6,
        // skipped and reported), then CRLF-terminated id 7
        String script = "pad() { head -c \"$1\" /dev/zero | tr '\\0' x; }\n"
                + "printf '{\"id\":1}\\n'\n"
                + "printf '{\"id\":2,\"p\":\"%s\"}\\n' \"$(pad 3000)\"\n"
                + "printf '{\"id\":3,\"p\":\"%s\"}\\n' \"$(pad 40000)\"\n"
                + "printf '{\"id\":4,\"p\":\"%s\"}\\n' \"$(pad " + (LIMIT - 20) + ")\"\n"
                + "printf '{\"id\":5}\\n'\n"
                + "printf '{\"id\":6,\"p\":\"%s\"}\\n' \"$(pad " + (LIMIT * 2) + ")\"\n"
                + "printf '{\"id\":7}\\r\\n'\n";
        List<ObjectNode> got = new CopyOnWriteArrayList<>();
        List<String> tooLarge = new CopyOnWriteArrayList<>();
        AtomicInteger exit = new AtomicInteger(-100);
        StdioProcess child = StdioProcess.start(new LaunchSpec(List.of("/bin/sh", "-c", script),
                        Map.of("PATH", System.getenv("PATH")), Path.of("").toAbsolutePath()), "buffers",
                new StdioLimits(LIMIT, 100), new McpBackend.Listener() {
                    @Override
                    public void onMessage(ObjectNode message) {
                        got.add(message);
                    }

                    @Override
                    public void onMessageTooLarge(byte[] head, byte[] tail, int limitBytes) {
                        tooLarge.add(new String(head, StandardCharsets.UTF_8) + "…" + new String(tail, StandardCharsets.UTF_8));
                    }

                    @Override
                    public void onExit(int exitCode) {
                        exit.set(exitCode);
                    }
                });
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> exit.get() != -100);
        } finally {
            child.close(Duration.ofSeconds(1), Executors.newSingleThreadExecutor()).get();
        }
        assertThat(got).extracting(m -> m.path("id").asInt()).containsExactly(1, 2, 3, 4, 5, 7);
        assertThat(got.get(1).path("p").asText()).hasSize(3000).matches("x+");
        assertThat(got.get(2).path("p").asText()).hasSize(40000);
        assertThat(got.get(3).path("p").asText()).hasSize(LIMIT - 20);
        assertThat(tooLarge).singleElement().satisfies(s -> assertThat(s).startsWith("{\"id\":6,\"p\":\"xxx").endsWith("xxx\"}"));
    }

    @Test
    void aStderrLineLongerThanManyReadChunksIsKeptCutInTheTail() {
        String longLine = "e".repeat(StderrDrain.READ_CHUNK * 5 + 7);
        byte[] input = ("first\n" + longLine + "\nlast without newline").getBytes(StandardCharsets.UTF_8);
        StderrDrain drain = new StderrDrain(new ByteArrayInputStream(input), "buffers", 1, 100);
        drain.run();
        assertThat(drain.tail()).containsExactly("first", "e".repeat(StderrDrain.MAX_LINE), "last without newline");
    }
}
