package io.mcpgw.deploy;

import java.io.IOException;
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
        boolean check = args.length == 3 && args[0].equals("--check");
        if (args.length != 2 && !check) {
            System.err.println("usage: ComposeGenerator [--check] <services folder> <compose file to write>");
            System.exit(2);
            return;
        }
        Path dir = Path.of(args[check ? 1 : 0]);
        Path out = Path.of(args[check ? 2 : 1]);
        try {
            String text = generate(dir);
            if (check) {
                boolean same = Files.isRegularFile(out) && Files.readString(out, StandardCharsets.UTF_8).equals(text);
                System.out.println(same ? out + " is up to date" : out + " is stale: regenerate it");
                System.exit(same ? 0 : 1);
                return;
            }
            Files.writeString(out, text, StandardCharsets.UTF_8);
            System.out.println("wrote " + out);
        } catch (IOException e) {
            System.err.println("ComposeGenerator: " + e.getMessage());
            System.exit(2);
        }
    }

    /** The file content for the service files of {@code dir}. */
    public static String generate(Path dir) throws IOException {
        return ComposeServicesFile.render(ServiceFile.readAll(dir));
    }
}
