package io.mcpgw.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code admin backup FILE}: every gateway record with its expiry, as JSON ({@link StoreBackup}); {@code -} = stdout. */
@Command(name = "backup", mixinStandardHelpOptions = true, description = "Write every record of the store, with "
        + "its expiry, to FILE (JSON, owner-only permissions; '-' = standard output). The file holds the generated "
        + "private signing keys: keep it like the store.")
final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    AdminCli root;

    @Parameters(paramLabel = "FILE")
    String file;

    @Override
    public Integer call() throws IOException {
        ObjectNode doc = StoreBackup.write(root.context().store(), root.context().clock());
        int records = doc.get("entries").size();
        String json = Json.MAPPER.writeValueAsString(doc);
        if (file.equals("-")) {
            root.out().println(json);
            root.out().flush();
        } else {
            PrivateFiles.write(Path.of(file), json.getBytes(StandardCharsets.UTF_8));
            root.out().println("wrote " + records + " records to " + file);
        }
        AdminCli.AUDIT.info("event=admin_backup records={} to={}", records, file.equals("-") ? "stdout" : "file");
        return AdminExit.OK;
    }
}
