package io.mcpgw.mcp.fetchs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlTextTest {

    @Test
    void pagesBecomeReadableText() {
        String text = HtmlText.toText(TestSite.PAGE);
        assertThat(text).startsWith("# Test & Page")
                .contains("# Hello fetch")
                .contains("First paragraph with [a link](https://example.org/x).")
                .contains("- one\n- two")
                .contains("Café <ok> €5")
                .doesNotContain("do-not-show").doesNotContain("color:red").doesNotContain("hidden comment")
                .doesNotContain("<p>").doesNotContain("</");
    }

    @Test
    void relativeLinksKeepOnlyTheirTextAndHeadingsKeepTheirLevel() {
        assertThat(HtmlText.toText("<h3>Deep <em>title</em></h3><p><a href='/local'>local</a> and <a href=\"javascript:x()\">js</a></p>"))
                .isEqualTo("### Deep title\n\nlocal and js");
    }

    @Test
    void relativeLinksResolveAgainstThePageUrl() {
        assertThat(HtmlText.toText("<p>See <a href='../b?q=1'>the b page</a>, <a href='javascript:x()'>js</a>.</p>",
                "https://example.org/dir/a", Duration.ofSeconds(5)))
                .isEqualTo("See [the b page](https://example.org/b?q=1), js.");
    }

    @Test
    void listsCodeTablesAndBreaksKeepTheirShape() {
        String text = HtmlText.toText("""
                <ol start="3"><li>three</li><li>four<ul><li>nested</li><li></li></ul></li></ol>
                <p>Call <code>a &lt; b</code> now.</p>
                <pre><code>int x = 1;
                  if (x) {   y(); }
                </code></pre>
                <table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>
                <p>line<br>break</p><hr><p>end</p>""");
        assertThat(text).isEqualTo("""
                3. three
                4. four
                  - nested

                Call `a < b` now.

                ```
                int x = 1;
                  if (x) {   y(); }
                ```

                A | B
                1 | 2

                line
                break

                ---

                end""");
    }

    @Test
    void navigationFormsAndHiddenPartsAreDropped() {
        assertThat(HtmlText.toText("<nav><a href='https://x.example/'>Home</a></nav><p>Body</p><div hidden>secret</div>"
                + "<span aria-hidden='true'>icon</span><form><button>Go</button><select><option>o</option></select></form>"
                + "<svg><text>drawing</text></svg><noscript>enable js</noscript>"))
                .isEqualTo("Body");
    }

    @Test
    void emptyHeadingsLinksAndItemsLeaveNothing() {
        assertThat(HtmlText.toText("<h2> </h2><p><a href='https://x.example/'> </a>text</p><ul><li></li></ul>"))
                .isEqualTo("text");
    }

    @Test
    void htmlIsRecognisedByTypeOrByItsStart() {
        assertThat(HtmlText.isHtml("text/html; charset=utf-8", "x")).isTrue();
        assertThat(HtmlText.isHtml("", "  <!DOCTYPE html><html>")).isTrue();
        assertThat(HtmlText.isHtml("text/plain", "just <b>text</b>")).isFalse();
    }

    @Test
    void entitiesDecodeAndUnknownOnesStay() {
        assertThat(HtmlText.decode("&#x41;&#66;&amp;&unknown;&#0;")).isEqualTo("AB&&unknown;\ufffd");
    }

    /** Hostile pages that made the former regex conversion quadratic: 1 MiB of one unclosed construct each. */
    @ParameterizedTest
    @ValueSource(strings = {"<h1>", "<!--", "<script>", "<a href='x'>", "<title>"})
    void oneMebibyteOfUnclosedTagsConvertsInUnderOneSecond(String unit) {
        assertConvertsWithin(unit, 1000);
    }

    /** Other deep or unclosed constructs: linear too (a generous bound; a quadratic walk would take minutes). */
    @ParameterizedTest
    @ValueSource(strings = {"<a href='https://x.example/'>y", "<div>", "<b>", "<p><b><i>", "<ul><li>",
            "<table><tr><td>", "<pre>", "<code>", "<h1><a href='http://x'>"})
    void oneMebibyteOfNestedOrUnclosedMarkupConvertsInSeconds(String unit) {
        assertConvertsWithin(unit, 10_000);
    }

    private static void assertConvertsWithin(String unit, long maxMillis) {
        String page = unit.repeat((1 << 20) / unit.length() + 1);
        for (int i = 0; i < 3; i++) {
            HtmlText.toText(page.substring(0, 128 * 1024)); // class loading and JIT warm-up are not what is measured
        }
        // the thread's CPU time: what the conversion costs, independent of how loaded the machine is
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        boolean measurable = cpu.isCurrentThreadCpuTimeSupported();
        long start = measurable ? cpu.getCurrentThreadCpuTime() : System.nanoTime();
        String text = HtmlText.toText(page);
        long millis = ((measurable ? cpu.getCurrentThreadCpuTime() : System.nanoTime()) - start) / 1_000_000;
        assertThat(millis).as("conversion of 1 MiB of %s", unit).isLessThan(maxMillis);
        assertThat(text.length()).isLessThanOrEqualTo(2 * page.length());
    }

    @Test
    void aCancelledConversionStopsAndKeepsTheInterruptFlag() {
        String page = "<p>word</p>".repeat(200_000);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> HtmlText.toText(page, null, Duration.ofMinutes(1)))
                    .isInstanceOfSatisfying(ConversionStoppedException.class, e -> assertThat(e.cancelled()).isTrue());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aConversionInterruptedWhileRunningStops() throws Exception {
        String page = "<div><p>word <a href='https://x.example/a'>link</a></p></div>".repeat(40_000);
        ConversionStoppedException[] stopped = new ConversionStoppedException[1];
        Thread worker = new Thread(() -> {
            while (stopped[0] == null) {
                try {
                    HtmlText.toText(page, null, Duration.ofMinutes(1));
                } catch (ConversionStoppedException e) {
                    stopped[0] = e;
                }
            }
        });
        worker.start();
        Thread.sleep(50);
        worker.interrupt();
        worker.join(10_000);
        assertThat(worker.isAlive()).isFalse();
        assertThat(stopped[0]).isNotNull();
        assertThat(stopped[0].cancelled()).isTrue();
    }

    @Test
    void aConversionOutOfTimeStops() {
        assertThatThrownBy(() -> HtmlText.toText("<p>x</p>".repeat(10_000), null, Duration.ZERO))
                .isInstanceOfSatisfying(ConversionStoppedException.class, e -> assertThat(e.cancelled()).isFalse());
    }

    @Test
    void onlyABoundedPrefixIsConverted() {
        String page = "<p>" + "a ".repeat(HtmlText.MAX_HTML_CHARS) + "</p><p>TAIL</p>";
        assertThat(HtmlText.toText(page)).doesNotContain("TAIL");
    }
}
