package io.mcpgw.mcp.fetchs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
    void htmlIsRecognisedByTypeOrByItsStart() {
        assertThat(HtmlText.isHtml("text/html; charset=utf-8", "x")).isTrue();
        assertThat(HtmlText.isHtml("", "  <!DOCTYPE html><html>")).isTrue();
        assertThat(HtmlText.isHtml("text/plain", "just <b>text</b>")).isFalse();
    }

    @Test
    void entitiesDecodeAndUnknownOnesStay() {
        assertThat(HtmlText.decode("&#x41;&#66;&amp;&unknown;&#0;")).isEqualTo("AB&&unknown;\ufffd");
    }
}
