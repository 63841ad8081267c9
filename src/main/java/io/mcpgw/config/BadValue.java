package io.mcpgw.config;

/**
 * Thrown by the rule helpers of this package when a value breaks a rule. The message says what is wrong in
 * words that never repeat the value (the caller decides whether the value may be shown).
 */
final class BadValue extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    BadValue(String problem) {
        super(problem);
    }
}
