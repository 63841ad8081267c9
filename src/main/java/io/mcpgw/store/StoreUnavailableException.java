package io.mcpgw.store;

/** The state store cannot be reached right now; callers answer 503 and retry later. Carries no secrets. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
