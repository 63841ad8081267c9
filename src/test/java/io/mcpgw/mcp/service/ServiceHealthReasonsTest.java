package io.mcpgw.mcp.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Health reasons never name a path of the host. */
class ServiceHealthReasonsTest {

    @Test
    void absolutePathsBecomeTheirLastSegmentAndUrlsStayIntact() {
        assertThat(ServiceHealth.withoutAbsolutePaths(
                "npm package tmux-mcp is not installed in /home/gw/app/node_modules (run npm ci)"))
                .isEqualTo("npm package tmux-mcp is not installed in node_modules (run npm ci)");
        assertThat(ServiceHealth.withoutAbsolutePaths("cannot run /usr/local/bin/uvx: missing"))
                .isEqualTo("cannot run uvx: missing");
        assertThat(ServiceHealth.withoutAbsolutePaths("'/srv/services/x.camel.yaml' rejected"))
                .isEqualTo("'x.camel.yaml' rejected");
        assertThat(ServiceHealth.withoutAbsolutePaths("see https://example.com/a/b and 1/2"))
                .isEqualTo("see https://example.com/a/b and 1/2");
        assertThat(ServiceHealth.withoutAbsolutePaths(null)).isNull();
    }
}
