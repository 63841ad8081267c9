package io.mcpgw.deploy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the compose entries and Traefik labels of the MCP services from their service files, so the two never drift:
 * <pre>
 * java -cp target/mcp-oauth-gateway.jar io.mcpgw.deploy.ComposeGenerator src/main/resources/services compose/docker-compose.services.yml
 * java -cp target/mcp-oauth-gateway.jar io.mcpgw.deploy.ComposeGenerator --check src/main/resources/services compose/docker-compose.services.yml
 * </pre>
 * {@code --check} writes nothing and exits 1 when the file differs from a fresh generation. Exit code 2: bad
 * arguments or a file that is not a service file.
 */
public final class ComposeGenerator {

    private ComposeGenerator() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** {@link #main} without exiting: the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean check = args.length == 3 && args[0].equals("--check");
        if (args.length != 2 && !check) {
            err.println("usage: ComposeGenerator [--check] <services folder> <compose file to write>");
            return 2;
        }
        Path dir = Path.of(args[check ? 1 : 0]);
        Path file = Path.of(args[check ? 2 : 1]);
        try {
            String text = generate(dir);
            if (check) {
                boolean same = Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text);
                out.println(same ? file + " is up to date" : file + " is stale: " + ComposeServicesFile.REGENERATE);
                return same ? 0 : 1;
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
            out.println("wrote " + file);
            return 0;
        } catch (IOException e) {
            err.println("ComposeGenerator: " + e.getMessage());
            return 2;
        }
    }

    /** The file content for the service files of {@code dir}. */
    public static String generate(Path dir) throws IOException {
        return ComposeServicesFile.render(ServiceFile.readAll(dir));
    }
}
