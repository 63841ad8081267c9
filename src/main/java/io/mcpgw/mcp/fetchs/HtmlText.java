package io.mcpgw.mcp.fetchs;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML to readable text, small and dependency-free (the Python server used readability + markdownify): the title
 * as a heading, scripts, styles and other invisible parts dropped, headings as {@code #}, list items as {@code -},
 * links with an absolute http(s) target as {@code [text](url)}, block elements as line breaks, entities decoded,
 * whitespace collapsed. Not a parser: good enough for reading pages, not for round trips.
 */
public final class HtmlText {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern TITLE = Pattern.compile("<title[^>]*>(.*?)</title>", FLAGS);
    private static final Pattern INVISIBLE = Pattern.compile(
            "<!--.*?-->|<(script|style|noscript|template|svg|head|iframe|object)\\b[^>]*>.*?</\\1\\s*>", FLAGS);
    private static final Pattern HEADING = Pattern.compile("<h([1-6])\\b[^>]*>(.*?)</h\\1\\s*>", FLAGS);
    private static final Pattern LINK = Pattern.compile("<a\\b[^>]*?\\bhref\\s*=\\s*(\"([^\"]*)\"|'([^']*)')[^>]*>(.*?)</a\\s*>", FLAGS);
    private static final Pattern LIST_ITEM = Pattern.compile("<li\\b[^>]*>", FLAGS);
    private static final Pattern LIST_ITEM_END = Pattern.compile("</li\\s*>", FLAGS);
    private static final Pattern LINE_BREAK = Pattern.compile("<br\\b[^>]*>", FLAGS);
    private static final Pattern CELL = Pattern.compile("</t[dh]\\s*>", FLAGS);
    private static final Pattern BLOCK = Pattern.compile(
            "</?(p|div|section|article|header|footer|nav|main|aside|ul|ol|table|thead|tbody|tr|blockquote|pre|form"
                    + "|figure|figcaption|dl|dt|dd|hr|h[1-6]|body|html)\\b[^>]*>", FLAGS);
    private static final Pattern TAG = Pattern.compile("<[^>]*>", FLAGS);
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Map<String, String> NAMED = Map.ofEntries(Map.entry("amp", "&"), Map.entry("lt", "<"),
            Map.entry("gt", ">"), Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("nbsp", " "),
            Map.entry("mdash", "\u2014"), Map.entry("ndash", "\u2013"), Map.entry("hellip", "\u2026"),
            Map.entry("copy", "\u00a9"), Map.entry("reg", "\u00ae"), Map.entry("trade", "\u2122"),
            Map.entry("lsquo", "\u2018"), Map.entry("rsquo", "\u2019"), Map.entry("ldquo", "\u201c"),
            Map.entry("rdquo", "\u201d"), Map.entry("laquo", "\u00ab"), Map.entry("raquo", "\u00bb"),
            Map.entry("euro", "\u20ac"), Map.entry("middot", "\u00b7"), Map.entry("bull", "\u2022"),
            Map.entry("eacute", "\u00e9"), Map.entry("egrave", "\u00e8"), Map.entry("agrave", "\u00e0"),
            Map.entry("ccedil", "\u00e7"), Map.entry("auml", "\u00e4"), Map.entry("ouml", "\u00f6"),
            Map.entry("uuml", "\u00fc"), Map.entry("szlig", "\u00df"));

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

    public static String toText(String html) {
        StringBuilder out = new StringBuilder();
        Matcher title = TITLE.matcher(html);
        if (title.find()) {
            String t = inline(title.group(1));
            if (!t.isBlank()) {
                out.append("# ").append(t.strip()).append("\n\n");
            }
        }
        String s = INVISIBLE.matcher(html).replaceAll(" ");
        s = replace(HEADING, s, m -> "\n\n" + "#".repeat(Integer.parseInt(m.group(1))) + " "
                + TAG.matcher(m.group(2)).replaceAll(" ").replaceAll("\\s+", " ").strip() + "\n\n");
        s = replace(LINK, s, m -> {
            String href = decode(m.group(2) != null ? m.group(2) : m.group(3)).strip();
            String text = TAG.matcher(m.group(4)).replaceAll(" ").replaceAll("\\s+", " ").strip();
            String lower = href.toLowerCase(Locale.ROOT);
            if (text.isEmpty() || !(lower.startsWith("http://") || lower.startsWith("https://"))) {
                return text;
            }
            return "[" + text + "](" + href.replace(")", "%29").replace(" ", "%20") + ")";
        });
        s = LIST_ITEM_END.matcher(s).replaceAll("");
        s = LIST_ITEM.matcher(s).replaceAll("\n- ");
        s = LINE_BREAK.matcher(s).replaceAll("\n");
        s = CELL.matcher(s).replaceAll(" | ");
        s = BLOCK.matcher(s).replaceAll("\n");
        s = TAG.matcher(s).replaceAll("");
        s = decode(s);
        out.append(tidy(s));
        return out.toString().strip();
    }

    private static String inline(String html) {
        return decode(TAG.matcher(html).replaceAll(" ")).replaceAll("\\s+", " ");
    }

    private static String tidy(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int blank = 0;
        for (String line : s.split("\n", -1)) {
            String l = line.replace('\u00a0', ' ').replaceAll("[ \\t\\r\\f\\x0B]+", " ").strip();
            if (l.isEmpty() || l.equals("-") || l.equals("|")) {
                blank++;
                continue;
            }
            if (out.length() > 0) {
                out.append(blank > 0 ? "\n\n" : "\n");
            }
            blank = 0;
            out.append(l);
        }
        return out.toString();
    }

    static String decode(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        return replace(ENTITY, s, m -> {
            String e = m.group(1);
            if (e.charAt(0) == '#') {
                try {
                    int cp = e.length() > 1 && (e.charAt(1) == 'x' || e.charAt(1) == 'X')
                            ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1));
                    return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : "\ufffd";
                } catch (NumberFormatException x) {
                    return m.group();
                }
            }
            String named = NAMED.get(e);
            return named != null ? named : m.group();
        });
    }

    private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(f.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
