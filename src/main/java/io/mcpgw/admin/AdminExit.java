package io.mcpgw.admin;

/** Exit codes of {@code admin} commands (documented in docs/OPERATIONS.md). */
public final class AdminExit {
    /** Done. */
    public static final int OK = 0;
    /** The client, user, key or session named does not exist; nothing was changed. */
    public static final int NOT_FOUND = 1;
    /** Bad usage or bad input (unknown option, malformed or newer backup file…); nothing was changed. */
    public static final int BAD_INPUT = 2;
    /** The store (or the running gateway holding the embedded store) cannot be reached. */
    public static final int UNAVAILABLE = 3;
    /** A check failed ({@code check-github}). */
    public static final int CHECK_FAILED = 4;

    private AdminExit() {
    }
}
