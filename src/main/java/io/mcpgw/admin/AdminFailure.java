package io.mcpgw.admin;

/**
 * An admin command that cannot do what was asked, with the message for the operator and the exit code
 * ({@link AdminExit}). Thrown by commands, printed by {@link AdminCli} without a stack trace.
 */
final class AdminFailure extends RuntimeException {
    private final int exitCode;

    AdminFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    static AdminFailure notFound(String message) {
        return new AdminFailure(AdminExit.NOT_FOUND, message);
    }

    static AdminFailure badInput(String message) {
        return new AdminFailure(AdminExit.BAD_INPUT, message);
    }
}
