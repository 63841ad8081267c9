package io.mcpgw.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session rows of the benchmark's targets table: read from {@code sessions.json}; a figure over its bar, or a
 * measurement that wrote nothing, is a miss (so {@code bench/run.sh --check} fails).
 */
class BenchReportSessionTargetsTest {
    @TempDir
    Path dir;

    @Test
    void figuresUnderTheBarsAreMetAndNamedWithTheSessionCount() throws Exception {
        Path json = dir.resolve("sessions.json");
        Files.writeString(json, "{\"sessions\":1000,\"heap_per_session_kib\":32.7,\"init_p50_ms\":25.0,\"bare_p50_ms\":22.5}");
        List<BenchReport.Target> t = BenchReport.sessionTargets(json);
        assertThat(t).extracting(BenchReport.Target::name).containsExactly(
                "gateway heap per idle session at 1,000 sessions, KiB",
                "initialize as session 1,001, p50 ms, gateway − bare spawn + initialize");
        assertThat(t.get(0).value()).isEqualTo(32.7);
        assertThat(t.get(1).value()).isEqualTo(2.5);
        assertThat(t).allMatch(BenchReport.Target::met);
    }

    @Test
    void aFigureOverItsBarIsAMiss() throws Exception {
        Path json = dir.resolve("sessions.json");
        Files.writeString(json, "{\"sessions\":500,\"heap_per_session_kib\":127.5,\"init_p50_ms\":80.0,\"bare_p50_ms\":20.0}");
        assertThat(BenchReport.sessionTargets(json)).noneMatch(BenchReport.Target::met);
    }

    @Test
    void aMissingMeasurementIsAMissNotAPass() throws Exception {
        List<BenchReport.Target> t = BenchReport.sessionTargets(dir.resolve("absent.json"));
        assertThat(t).hasSize(2).noneMatch(BenchReport.Target::met);
        assertThat(t.get(0).value()).isNaN();
    }
}
