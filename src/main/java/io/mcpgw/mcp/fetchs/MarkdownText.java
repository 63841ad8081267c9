package io.mcpgw.mcp.fetchs;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The Markdown-like text being written, one character at a time in linear time. Rules: runs of whitespace in
 * ordinary text become one space, and line starts and ends carry none; a block ({@link #block()}) is separated by a
 * blank line and a {@link #line()} by a line break, both written lazily (only before the next visible character, so
 * empty elements leave nothing); inside a capture (a heading, a link, inline code) breaks become spaces, and an empty
 * capture writes nothing; a pending list marker is written with the item's first visible character; preformatted text
 * is kept as it is.
 */
final class MarkdownText {
    private final StringBuilder root = new StringBuilder();
    private final Deque<Capture> captures = new ArrayDeque<>();
    private StringBuilder out = root;
    private int pendingBreak;
    private boolean pendingSpace;
    private String pendingMarker;
    private int preDepth;

    /** Saved state of the text around a capture, restored when it ends. */
    private record Capture(StringBuilder outer, int pendingBreak, boolean pendingSpace, String pendingMarker) {
    }

    void block() {
        if (!captures.isEmpty()) {
            pendingSpace = true;
        } else if (pendingMarker == null) {
            pendingBreak = 2;
        }
    }

    void line() {
        if (!captures.isEmpty()) {
            pendingSpace = true;
        } else if (pendingMarker == null) {
            pendingBreak = Math.max(pendingBreak, 1);
        }
    }

    /** A {@code <br>}: one more line break, up to a blank line. */
    void lineBreak() {
        if (!captures.isEmpty()) {
            pendingSpace = true;
        } else {
            pendingBreak = Math.min(2, pendingBreak + 1);
        }
    }

    /** The marker of a list item, written before its first visible character (or never, for an empty item). */
    void marker(String marker) {
        pendingMarker = marker;
    }

    void endItem() {
        pendingMarker = null;
        line();
    }

    void text(String s) {
        if (preDepth > 0) {
            if (!s.isEmpty()) {
                visible();
                out.append(s);
            }
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\u00a0' || c == 0x0B) {
                pendingSpace = true;
            } else {
                visible();
                out.append(c);
            }
        }
    }

    /** Text written as it is (markers, separators), after the pending breaks and space. */
    void raw(String s) {
        visible();
        out.append(s);
    }

    void beginPre() {
        block();
        raw("```\n");
        preDepth++;
    }

    void endPre() {
        preDepth--;
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        out.append("```");
        pendingSpace = false;
        block();
    }

    boolean inPre() {
        return preDepth > 0;
    }

    /** Starts collecting inline text (a heading, a link); {@link #endCapture} returns it and writes the result. */
    void beginCapture() {
        captures.push(new Capture(out, pendingBreak, pendingSpace, pendingMarker));
        out = new StringBuilder();
        pendingBreak = 0;
        pendingSpace = false;
        pendingMarker = null;
    }

    /** Ends the innermost capture: writes {@code prefix + text + suffix} unless its text is blank. */
    void endCapture(String prefix, String suffix) {
        Capture c = captures.pop();
        String inner = out.toString();
        boolean trailingSpace = pendingSpace;
        out = c.outer();
        pendingBreak = c.pendingBreak();
        pendingSpace = c.pendingSpace();
        pendingMarker = c.pendingMarker();
        if (!inner.isEmpty()) {
            raw(prefix);
            out.append(inner).append(suffix);
            pendingSpace = trailingSpace;
        }
    }

    private void visible() {
        if (out.length() > 0) {
            if (pendingBreak > 0) {
                out.append(pendingBreak > 1 ? "\n\n" : "\n");
            } else if (pendingSpace && out.charAt(out.length() - 1) != '\n') {
                out.append(' ');
            }
        }
        if (pendingMarker != null) {
            out.append(pendingMarker);
            pendingMarker = null;
        }
        pendingBreak = 0;
        pendingSpace = false;
    }

    @Override
    public String toString() {
        return root.toString().strip();
    }
}
