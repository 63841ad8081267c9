package io.mcpgw.oauth.pages;

/** HTML escaping for text and attribute values (OWASP rule #1/#2): every reflected value goes through {@link #e}. */
public final class Html {
    private Html() {
    }

    public static String e(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '/' -> sb.append("&#47;");
                case '`' -> sb.append("&#96;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        sb.append(' ');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** The page frame: title and body are already escaped by the caller. */
    static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"referrer\" content=\"no-referrer\">"
                + "<title>" + title + "</title><style>"
                + "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}"
                + "h1{font-size:1.4rem}dt{font-weight:600;margin-top:.6rem}dd{margin:0 0 0 1rem;word-break:break-all}"
                + ".actions{margin-top:1.5rem;display:flex;gap:1rem}button{font-size:1rem;padding:.5rem 1.2rem}"
                + ".warn{background:#fff4e5;border:1px solid #f0b86e;padding:.6rem;border-radius:4px}"
                + "</style></head><body>" + body + "</body></html>";
    }
}
