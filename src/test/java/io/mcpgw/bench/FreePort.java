package io.mcpgw.bench;

import io.mcpgw.testsupport.InProcessGateway;

/** Prints a free loopback port (for bench/run.sh on machines without python3). */
public final class FreePort {
    private FreePort() {
    }

    public static void main(String[] args) {
        System.out.println(InProcessGateway.freePort());
    }
}
