package io.mcpgw.concurrent;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The failure a {@link java.util.concurrent.CompletableFuture} chain or a {@link java.util.concurrent.Future#get()}
 * reports, without the wrappers around it. Rule: every {@link CompletionException} and {@link ExecutionException}
 * that has a cause is peeled off, however deep they nest; a wrapper without a cause is itself the failure; any other
 * throwable, and {@code null} (no failure), comes back as it is. Framework-free, so any package may use it.
 */
public final class AsyncFailures {
    private AsyncFailures() {
    }

    /** The innermost failure under the completion/execution wrappers of {@code failure}; null stays null. */
    public static Throwable cause(Throwable failure) {
        Throwable current = failure;
        Set<Throwable> seen = null;
        while (isWrapper(current) && current.getCause() != null) {
            if (seen == null) {
                seen = Collections.newSetFromMap(new IdentityHashMap<>());
            }
            if (!seen.add(current)) {
                return current; // a cyclic chain of wrappers: stop where it turns back
            }
            current = current.getCause();
        }
        return current;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof CompletionException || t instanceof ExecutionException;
    }
}
