package io.mcpgw.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** {@link AsyncFailures#cause}: wrappers peeled, everything else returned as it is. */
class AsyncFailuresTest {
    @Test
    void noFailureStaysNull() {
        assertThat(AsyncFailures.cause(null)).isNull();
    }

    @Test
    void aPlainExceptionIsReturnedItself() {
        IllegalStateException plain = new IllegalStateException("plain");
        assertThat(AsyncFailures.cause(plain)).isSameAs(plain);
        // a cause under a plain exception is not the failure: only the async wrappers are peeled
        RuntimeException withCause = new RuntimeException(new IOException("inner"));
        assertThat(AsyncFailures.cause(withCause)).isSameAs(withCause);
    }

    @Test
    void oneCompletionOrExecutionWrapperIsPeeled() {
        IOException inner = new IOException("store down");
        assertThat(AsyncFailures.cause(new CompletionException(inner))).isSameAs(inner);
        assertThat(AsyncFailures.cause(new ExecutionException(inner))).isSameAs(inner);
    }

    @Test
    void nestedWrappersArePeeledToTheInnermostFailure() {
        IllegalArgumentException inner = new IllegalArgumentException("bad");
        Throwable nested = new ExecutionException(new CompletionException(new CompletionException(
                new ExecutionException(inner))));
        assertThat(AsyncFailures.cause(nested)).isSameAs(inner);
    }

    @Test
    void peelingStopsAtTheFirstFailureThatIsNoWrapper() {
        CompletionException deeper = new CompletionException(new IOException("deeper"));
        IllegalStateException middle = new IllegalStateException("middle", deeper);
        assertThat(AsyncFailures.cause(new CompletionException(middle))).isSameAs(middle);
    }

    @Test
    void aWrapperWithoutCauseIsItselfTheFailure() {
        CompletionException bare = new CompletionException("no cause", null);
        assertThat(AsyncFailures.cause(bare)).isSameAs(bare);
        ExecutionException bareExecution = new ExecutionException("no cause", null);
        assertThat(AsyncFailures.cause(new CompletionException(bareExecution))).isSameAs(bareExecution);
    }

    @Test
    void aCyclicChainOfWrappersEnds() {
        CompletionException a = new CompletionException("a") { // its cause is not set yet: settable once, below
        };
        ExecutionException b = new ExecutionException("b", a);
        a.initCause(b);
        assertThat(AsyncFailures.cause(a)).isIn(a, b);
    }

    @Test
    void whatACompletableFutureChainReportsIsTheOriginalFailure() {
        IOException original = new IOException("original");
        CompletableFuture<String> failed = CompletableFuture.<String>failedFuture(original)
                .thenApply(s -> s + "!").thenCompose(CompletableFuture::completedFuture);
        Throwable[] seen = new Throwable[1];
        failed.whenComplete((v, failure) -> seen[0] = failure);
        assertThat(seen[0]).isInstanceOf(CompletionException.class);
        assertThat(AsyncFailures.cause(seen[0])).isSameAs(original);
    }
}
