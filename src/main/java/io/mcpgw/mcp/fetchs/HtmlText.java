package io.mcpgw.mcp.fetchs;

import java.time.Duration;
import java.util.Locale;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeTraversor;

/**
 * HTML to readable Markdown-like text (as the Python fetch server gives with readability + markdownify): the title
 * as a {@code #} heading, then the page as {@link MarkdownVisitor} writes it. Parsed with jsoup's HTML5 parser, so
 * unclosed tags, comments and scripts cost linear time. Rules: at most {@link #MAX_HTML_CHARS} characters of a page
 * are converted; a conversion stops with {@link ConversionStoppedException} when its {@link Duration} budget runs out
 * or its thread is interrupted, both while parsing and while walking the nodes.
 */
public final class HtmlText {
    /** The longest prefix of a page that is converted; the rest is ignored (fetch bodies are 1 MiB by default). */
    public static final int MAX_HTML_CHARS = 2 * 1024 * 1024;
    /** The default time budget of one conversion. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10);
    private static final int MAX_DEPTH = 256;

    private HtmlText() {
    }

    /** True when the content is HTML by its type, or by its first characters (as the Python server decided). */
    public static boolean isHtml(String contentType, String text) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("text/html") || type.startsWith("application/xhtml+xml")) {
            return true;
        }
        String start = text.substring(0, Math.min(200, text.length())).toLowerCase(Locale.ROOT);
        return start.contains("<html") || start.contains("<!doctype html");
    }

    /** The page as text, relative links left as plain text, within {@link #DEFAULT_BUDGET}. */
    public static String toText(String html) {
        return toText(html, null, DEFAULT_BUDGET);
    }

    /**
     * The page as text; links are resolved against {@code pageUrl} (and the page's {@code <base>}) when it is given.
     *
     * @throws ConversionStoppedException when cancelled (the thread's interrupt flag stays set) or out of time
     */
    public static String toText(String html, String pageUrl, Duration budget) {
        ConversionBudget limit = ConversionBudget.of(budget);
        Parser parser = Parser.htmlParser().setMaxDepth(MAX_DEPTH);
        Document doc = parser.parseInput(new BudgetedReader(html, MAX_HTML_CHARS, limit), pageUrl == null ? "" : pageUrl);
        limit.check();
        MarkdownVisitor visitor = new MarkdownVisitor(limit, pageUrl != null && !pageUrl.isEmpty());
        String title = doc.title();
        if (!title.isBlank()) {
            visitor.text().beginCapture();
            visitor.text().text(title);
            visitor.text().endCapture("# ", "");
            visitor.text().block();
        }
        NodeTraversor.filter(visitor, doc.body() != null ? doc.body() : doc);
        return visitor.text().toString();
    }

    /** HTML character references decoded; unknown named ones stay as they are. */
    static String decode(String s) {
        return Parser.unescapeEntities(s, false);
    }
}
