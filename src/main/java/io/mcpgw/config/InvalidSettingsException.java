package io.mcpgw.config;

import java.util.List;

/**
 * Start-up settings that break at least one rule of the README's configuration section. The message lists every problem at
 * once, one per line after the first line {@code invalid configuration:}, each as
 * {@code   - VARIABLE: problem (got 'value')}. Values of secret variables never appear; a password inside
 * {@code REDIS_URL} is shown as {@code ***}.
 */
public final class InvalidSettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** First line of {@link #getMessage()}. */
    public static final String HEADLINE = "invalid configuration:";

    private final List<String> problems;

    /** @param problems one entry per problem, {@code VARIABLE: problem (got 'value')}; must not be empty */
    public InvalidSettingsException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order found, each {@code VARIABLE: problem} optionally followed by {@code (got 'value')}. */
    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid configuration has at least one problem");
        }
        StringBuilder message = new StringBuilder(HEADLINE);
        problems.forEach(problem -> message.append("\n  - ").append(problem));
        return message.toString();
    }
}
