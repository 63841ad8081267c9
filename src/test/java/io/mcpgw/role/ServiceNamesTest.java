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
        for (String f : new String[] {"memory.camel.yaml", "everything.camel.yaml", "Bad_Name.camel.yaml", "notes.txt"}) {
            Files.writeString(dir.resolve(f), "");
        }
        Files.createDirectory(dir.resolve("folder.camel.yaml"));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            assertThat(ServiceNames.find(context, Optional.of(dir), ServiceSelection.ALL))
                    .containsExactly("everything", "memory");
            assertThat(ServiceNames.find(context, Optional.of(dir), new ServiceSelection(Optional.of(Set.of("memory", "x")))))
                    .containsExactly("memory");
        }
    }
}
