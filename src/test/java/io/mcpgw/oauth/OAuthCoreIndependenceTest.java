package io.mcpgw.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The OAuth core (io.mcpgw.oauth..) stays framework-free: no Camel, no Vert.x. */
class OAuthCoreIndependenceTest {

    @Test
    void oauthSourcesImportNeitherCamelNorVertx() throws IOException {
        Path core = Path.of("src/main/java/io/mcpgw/oauth");
        assertThat(core).isDirectory();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(core)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        try {
                            String text = Files.readString(p);
                            return text.contains("import org.apache.camel") || text.contains("import io.vertx");
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .map(Path::toString)
                    .collect(Collectors.toList());
        }
        assertThat(offenders).isEmpty();
    }
}
