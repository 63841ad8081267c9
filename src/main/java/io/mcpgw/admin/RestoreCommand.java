package io.mcpgw.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code admin restore FILE}: writes a backup back, each record with the lifetime it had left ({@link StoreBackup}).
 * The whole file is checked first; a store that already holds gateway records is refused unless {@code --force}.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, description = "Restore a backup written by 'admin "
        + "backup' ('-' = standard input). Every key keeps its remaining lifetime; records that expired since the "
        + "backup are skipped.")
final class RestoreCommand implements Callable<Integer> {
    /** Largest backup file read (a restore through the admin endpoint is held in memory). */
    static final long MAX_BYTES = 256L * 1024 * 1024;

    @ParentCommand
    AdminCli root;

    @Parameters(paramLabel = "FILE")
    String file;

    @Option(names = "--force", description = "Restore into a store that already holds gateway records (records of "
            + "the backup overwrite those with the same key; others stay).")
    boolean force;

    @Override
    public Integer call() throws IOException {
        List<StoreBackup.Entry> entries = StoreBackup.read(readText());
        AdminContext ctx = root.context();
        int existing = StoreBackup.existingRecords(ctx.store());
        if (existing > 0 && !force) {
            throw AdminFailure.badInput("the store already holds " + existing + " gateway records; restore into an "
                    + "empty store, or add --force to overwrite the records of the backup");
        }
        StoreBackup.Restored r = StoreBackup.restore(ctx.store(), entries, ctx.clock());
        AdminCli.AUDIT.info("event=admin_restore records={} expired_skipped={} forced={}", r.restored(), r.expired(),
                force);
        if (root.json()) {
            root.printJson(Map.of("restored", r.restored(), "expired_skipped", r.expired()));
        } else {
            root.out().println("restored " + r.restored() + " records (" + r.expired()
                    + " expired since the backup and were skipped); restart running gateways so they reload "
                    + "signing keys and caches");
        }
        return AdminExit.OK;
    }

    private String readText() throws IOException {
        byte[] bytes;
        if (file.equals("-")) {
            bytes = root.context().stdin().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BYTES + 1));
        } else {
            Path path = Path.of(file);
            try {
                if (Files.size(path) > MAX_BYTES) {
                    throw AdminFailure.badInput(file + " is larger than " + MAX_BYTES + " bytes");
                }
                bytes = Files.readAllBytes(path);
            } catch (NoSuchFileException e) {
                throw AdminFailure.badInput("no file " + file);
            }
        }
        if (bytes.length > MAX_BYTES) {
            throw AdminFailure.badInput("the backup is larger than " + MAX_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
