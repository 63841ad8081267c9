package io.mcpgw.mcp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The id of a response that was too large to keep, found from its ends only, and only when it is certain. */
class OversizeMessageTest {

    static Long id(String head, String tail) {
        return OversizeMessage.responseId(head.getBytes(StandardCharsets.UTF_8), tail.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theIdIsFoundAtTheStartOrAtTheEnd() {
        assertThat(id("{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":{\"content\":[{\"text\":\"xxxx", "xxxx\"}]}}")).isEqualTo(42L);
        assertThat(id("{\"id\":7,\"error\":{\"code\":1,\"message\":\"xx", "xx\"}}")).isEqualTo(7L);
        assertThat(id("{\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"xxx", "xxx\"}]},\"jsonrpc\":\"2.0\",\"id\":9}"))
                .isEqualTo(9L);
        assertThat(id("{\"result\":{\"x\":1", "xx\"}]},\"jsonrpc\":\"2.0\",\"id\":9}\r")).isEqualTo(9L);
    }

    /** Bad inputs: an id inside the content, a string id, a request, text that is not JSON. */
    @Test
    void anIdThatCouldBelongToNestedContentIsNeverTaken() {
        assertThat(id("{\"result\":{\"items\":[{\"id\":3,\"name\":\"x", "xx\",\"id\":5}]}}")).isNull();
        assertThat(id("{\"result\":{\"a\":{\"id\":3", "x\",\"item\":{\"id\":5}}}")).isNull();
        assertThat(id("{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"result\":{", "}}")).isNull();
        assertThat(id("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"sampling/createMessage\",\"params\":{", "}}")).isNull();
        assertThat(id("garbage", "garbage")).isNull();
    }
}
