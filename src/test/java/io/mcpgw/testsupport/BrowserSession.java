package io.mcpgw.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted browser for the authorization flow over real HTTP: keeps cookies per host, never follows redirects by
 * itself (each hop is asserted by the test), and reads the hidden fields of the consent form.
 */
public final class BrowserSession {
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, Map<String, String>> cookies = new LinkedHashMap<>();

    public HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET(), uri);
    }

    public HttpResponse<String> postForm(URI uri, String form) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), uri);
    }

    private HttpResponse<String> send(HttpRequest.Builder b, URI uri) {
        Map<String, String> jar = cookies.computeIfAbsent(uri.getHost() + ":" + uri.getPort(), k -> new LinkedHashMap<>());
        if (!jar.isEmpty()) {
            StringBuilder c = new StringBuilder();
            jar.forEach((k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            b.header("Cookie", c.toString());
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            for (String sc : r.headers().allValues("Set-Cookie")) {
                String nv = sc.split(";", 2)[0];
                int eq = nv.indexOf('=');
                String name = nv.substring(0, eq);
                String value = nv.substring(eq + 1);
                if (sc.contains("Max-Age=0") || value.isEmpty()) {
                    jar.remove(name);
                } else {
                    jar.put(name, value);
                }
            }
            return r;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public void forgetCookies() {
        cookies.clear();
    }

    /** Value of the hidden input {@code name} in an HTML page. */
    public static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no hidden field " + name + " in page");
        }
        return m.group(1);
    }

    /** Query parameters of a redirect Location. */
    public static Map<String, String> query(String location) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(location).getRawQuery();
        if (q == null) {
            return out;
        }
        for (String p : q.split("&")) {
            int eq = p.indexOf('=');
            out.put(java.net.URLDecoder.decode(p.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(p.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    public static List<String> headerNames(HttpResponse<?> r) {
        return List.copyOf(r.headers().map().keySet());
    }
}
