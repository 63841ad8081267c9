package io.mcpgw.bench;

import java.util.Arrays;

/** Throughput and latency percentiles of one load phase (latencies in microseconds). */
public record LoadStats(String name, int concurrency, long operations, double seconds, long[] latenciesMicros) {

    public double perSecond() {
        return operations / seconds;
    }

    public double percentileMillis(double p) {
        if (latenciesMicros.length == 0) {
            return Double.NaN;
        }
        long[] sorted = latenciesMicros.clone();
        Arrays.sort(sorted);
        int idx = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, idx)] / 1000.0;
    }

    public String markdownRow() {
        return String.format("| %s | %d | %,.0f | %.2f | %.2f |", name, concurrency, perSecond(), percentileMillis(50),
                percentileMillis(99));
    }
}
