package io.mcpgw.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mcpgw.config.ServiceSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the deployment needs from one MCP service file ({@code <service>.camel.yaml}, a YAML mapping of service keys;
 * the file name is the service name): the service's name and the description in its leading comment. Everything
 * else in the file is the bridge's business.
 *
 * @param name        the service name: host {@code mcp-<name>.${BASE_DOMAIN}}, compose service {@code mcp-<name>}
 * @param description the file's leading {@code #} comment, one line; may be empty
 */
public record ServiceFile(String name, String description) {
    static final String SUFFIX = ".camel.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Every service file of {@code dir}, sorted by name. */
    public static List<ServiceFile> readAll(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no service folder " + dir);
        }
        List<ServiceFile> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                files.add(read(p));
            }
        }
        return files;
    }

    /** Reads one file; a file that is not a service file is an {@link IOException} naming the file and the problem. */
    public static ServiceFile read(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - SUFFIX.length());
        String text = Files.readString(file);
        JsonNode doc;
        try {
            doc = YAML.readTree(text);
        } catch (IOException e) {
            throw problem(file, "not valid YAML");
        }
        if (!ServiceSelection.NAME.matcher(name).matches()) {
            throw problem(file, "the file name must be <service>" + SUFFIX + " with a service name of a-z, 0-9 and '-'");
        }
        if (doc == null || !doc.isObject()) {
            throw problem(file, "must be a YAML mapping of service keys (command: ..., args: [...])");
        }
        return new ServiceFile(name, description(text));
    }

    /** The leading comment lines, joined into one line. */
    static String description(String text) {
        return text.lines().takeWhile(l -> l.startsWith("#")).map(l -> l.substring(1).strip())
                .filter(l -> !l.isEmpty()).collect(Collectors.joining(" "));
    }

    private static IOException problem(Path file, String text) {
        return new IOException(file + ": " + text);
    }
}
