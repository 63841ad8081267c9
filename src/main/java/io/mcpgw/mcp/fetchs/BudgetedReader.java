package io.mcpgw.mcp.fetchs;

import java.io.Reader;

/**
 * The HTML as the parser reads it: at most {@code limit} characters of the page, and every read checks the
 * {@link ConversionBudget}, so parsing stops on cancellation or at the deadline, not only the walk afterwards.
 */
final class BudgetedReader extends Reader {
    private static final int CHUNK = 8192;
    private final String text;
    private final int end;
    private final ConversionBudget budget;
    private int pos;

    BudgetedReader(String text, int limit, ConversionBudget budget) {
        this.text = text;
        this.end = Math.min(text.length(), limit);
        this.budget = budget;
    }

    @Override
    public int read(char[] buf, int off, int len) {
        budget.check();
        if (pos >= end) {
            return -1;
        }
        int n = Math.min(Math.min(len, CHUNK), end - pos);
        text.getChars(pos, pos + n, buf, off);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
