package io.mcpgw.mcp.fetchs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;

/**
 * Walks a parsed page once and writes it as Markdown-like {@link MarkdownText}: headings as {@code #}, links with an
 * http(s) target (absolute, or resolved against the page's URL) as {@code [text](url)}, list items as {@code -} or
 * {@code 1.}, paragraphs and other blocks separated by blank lines, {@code <pre>} fenced with three backticks, inline
 * code in backticks, table cells separated by {@code |}. What a reader does not see or need is skipped whole:
 * scripts, styles, the head, navigation, forms' controls, embedded objects and elements marked hidden. Rule: the
 * {@link ConversionBudget} is checked every {@value #CHECK_EVERY} nodes, so a cancelled or overlong walk stops.
 */
final class MarkdownVisitor implements NodeFilter {
    static final int CHECK_EVERY = 256;
    private static final Set<String> SKIPPED = Set.of("script", "style", "noscript", "template", "svg", "math",
            "head", "iframe", "frame", "frameset", "object", "embed", "canvas", "audio", "video", "nav", "button",
            "select", "input", "textarea", "dialog", "map");
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "header", "footer", "main",
            "aside", "table", "thead", "tbody", "tfoot", "blockquote", "form", "figure", "figcaption", "dl", "dt", "dd",
            "address", "details", "summary", "fieldset", "caption", "body", "html", "center");

    private final MarkdownText text = new MarkdownText();
    private final ConversionBudget budget;
    private final boolean resolveLinks;
    /** Per open list: -1 for a bullet list, else the next number of an ordered list. */
    private final Deque<int[]> lists = new ArrayDeque<>();
    private int nodes;

    MarkdownVisitor(ConversionBudget budget, boolean resolveLinks) {
        this.budget = budget;
        this.resolveLinks = resolveLinks;
    }

    MarkdownText text() {
        return text;
    }

    @Override
    public FilterResult head(Node node, int depth) {
        if (++nodes % CHECK_EVERY == 0) {
            budget.check();
        }
        if (node instanceof TextNode t) {
            text.text(t.getWholeText());
            return FilterResult.CONTINUE;
        }
        if (!(node instanceof Element e)) {
            return FilterResult.CONTINUE; // comments, doctypes, script data
        }
        String tag = e.normalName();
        if (SKIPPED.contains(tag) || e.hasAttr("hidden") || "true".equalsIgnoreCase(e.attr("aria-hidden"))) {
            return FilterResult.SKIP_ENTIRELY;
        }
        if (text.inPre()) {
            if (tag.equals("br")) {
                text.text("\n");
            }
            return FilterResult.CONTINUE;
        }
        switch (tag) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                text.block();
                text.beginCapture();
            }
            case "a" -> {
                if (link(e) != null) {
                    text.beginCapture();
                }
            }
            case "code", "kbd", "samp", "tt" -> text.beginCapture();
            case "pre" -> text.beginPre();
            case "ul", "ol", "menu" -> {
                listBreak();
                lists.push(new int[] {tag.equals("ol") ? start(e) : -1});
            }
            case "li" -> {
                text.line();
                int[] list = lists.peek();
                String indent = "  ".repeat(Math.max(0, Math.min(lists.size(), 8) - 1));
                text.marker(list == null || list[0] < 0 ? indent + "- " : indent + (list[0]++) + ". ");
            }
            case "br" -> text.lineBreak();
            case "hr" -> {
                text.block();
                text.raw("---");
                text.block();
            }
            case "tr" -> text.line();
            case "td", "th" -> {
                if (e.previousElementSibling() != null) {
                    text.text(" ");
                    text.raw("|");
                    text.text(" ");
                }
            }
            default -> {
                if (BLOCKS.contains(tag)) {
                    text.block();
                }
            }
        }
        return FilterResult.CONTINUE;
    }

    @Override
    public FilterResult tail(Node node, int depth) {
        if (!(node instanceof Element e)) {
            return FilterResult.CONTINUE;
        }
        String tag = e.normalName();
        if (text.inPre() && !tag.equals("pre")) {
            return FilterResult.CONTINUE;
        }
        switch (tag) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                text.endCapture("#".repeat(tag.charAt(1) - '0') + " ", "");
                text.block();
            }
            case "a" -> {
                String href = link(e);
                if (href != null) {
                    text.endCapture("[", "](" + href + ")");
                }
            }
            case "code", "kbd", "samp", "tt" -> text.endCapture("`", "`");
            case "pre" -> text.endPre();
            case "ul", "ol", "menu" -> {
                lists.poll();
                listBreak();
            }
            case "li" -> text.endItem();
            case "tr" -> text.line();
            default -> {
                if (BLOCKS.contains(tag)) {
                    text.block();
                }
            }
        }
        return FilterResult.CONTINUE;
    }

    /** A list is a block of its own, but a nested list follows its item on the next line. */
    private void listBreak() {
        if (lists.isEmpty()) {
            text.block();
        } else {
            text.line();
        }
    }

    /** The link's http(s) target, escaped for Markdown, or null when it has none worth showing. */
    private String link(Element a) {
        String href = (resolveLinks ? a.absUrl("href") : a.attr("href")).strip();
        String lower = href.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("http://") || lower.startsWith("https://"))) {
            return null;
        }
        return href.replace(")", "%29").replace("(", "%28").replace(" ", "%20");
    }

    private static int start(Element ol) {
        try {
            int n = Integer.parseInt(ol.attr("start").strip());
            return n >= 0 && n < 1_000_000 ? n : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
