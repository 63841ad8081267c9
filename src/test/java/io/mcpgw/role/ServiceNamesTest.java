package io.mcpgw.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.config.ServiceSelection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth role's list of services: service file names, valid ones only, restricted by GATEWAY_SERVICES. */
class ServiceNamesTest {
    @TempDir
    Path dir;

    @Test
    void theNamesOfTheServiceFilesAreTheServices() throws Exception {
        for (String f : new String[] {"zeta.camel.yaml", "yotta-2.camel.yaml", "Bad_Name.camel.yaml", "notes.txt"}) {
            Files.writeString(dir.resolve(f), "");
        }
        Files.createDirectory(dir.resolve("folder.camel.yaml"));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            assertThat(ServiceNames.find(context, Optional.of(dir), ServiceSelection.ALL))
                    .as("drop-ins and the bundled files").contains("yotta-2", "zeta", "everything", "memory")
                    .doesNotContain("Bad_Name", "notes", "folder");
            assertThat(ServiceNames.find(context, Optional.of(dir), new ServiceSelection(Optional.of(Set.of("zeta", "x")))))
                    .containsExactly("zeta");
            assertThat(ServiceNames.find(context, Optional.empty(), new ServiceSelection(Optional.of(Set.of("memory")))))
                    .containsExactly("memory");
        }
    }
}
