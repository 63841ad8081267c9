package io.mcpgw.mcp;

import java.nio.file.Files;
import java.nio.file.Path;

/** The pinned npm servers must be installed ({@code npm ci}); tests fail loudly, never skip, when they are not. */
final class NodeModules {

    private NodeModules() {
    }

    static void requireInstalled() {
        for (String pkg : new String[] {"server-everything", "server-memory"}) {
            Path p = Path.of("node_modules/@modelcontextprotocol", pkg, "package.json");
            if (!Files.isRegularFile(p)) {
                throw new AssertionError(p + " is missing: run `npm ci` in the repository root before the tests");
            }
        }
    }

    static Path fakeServer(String name) {
        Path p = Path.of("src/test/resources/fake-servers", name).toAbsolutePath();
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("missing fake server " + p);
        }
        return p;
    }

    /** A service file for a fake server run with node; {@code extraLines} are more top-level keys. */
    static String serviceFile(String service, String script, String extraLines) {
        return "# " + service + ": fake server " + script + "\n"
                + "command: node\n"
                + "args: [\"" + fakeServer(script) + "\"]\n"
                + extraLines;
    }
}
