package io.mcpgw.admin;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import io.mcpgw.config.GatewaySettings;
import io.mcpgw.store.MemoryStateStore;
import io.mcpgw.store.StateStore;
import io.mcpgw.store.StateStores;
import io.mcpgw.store.StoreUnavailableException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Where an {@code admin} command runs: with {@code REDIS_URL} set, here, against Redis; otherwise inside the running
 * gateway that holds the embedded store ({@link RemoteAdmin}, through the admin file). Commands that need no store
 * (help, {@code check-github}) always run here.
 */
public final class AdminLauncher {
    private static final Set<String> STORELESS = Set.of("check-github", "--help", "-h", "help", "--version", "-V");

    private AdminLauncher() {
    }

    /** Runs {@code args} (what follows {@code admin}) and returns the exit code. Logs go to stderr. */
    public static int run(GatewaySettings settings, String[] args, InputStream stdin, PrintWriter out,
                          PrintWriter err) {
        if (settings.redis().isPresent()) {
            try (StateStore store = StateStores.open(settings.redis().map(GatewaySettings.Redis::connection))) {
                return AdminCli.run(new AdminContext(store, settings, Clock.systemUTC(), Optional.empty(), null, stdin),
                        args, out, err);
            } catch (StoreUnavailableException e) {
                err.println("admin: " + e.getMessage());
                err.flush();
                return AdminExit.UNAVAILABLE;
            }
        }
        if (args.length == 0 || STORELESS.contains(args[0])) {
            try (StateStore none = new MemoryStateStore()) {
                return AdminCli.run(new AdminContext(none, settings, Clock.systemUTC(), Optional.empty(), null, stdin),
                        args, out, err);
            }
        }
        Optional<Path> file = settings.admin().adminFile();
        if (file.isEmpty()) {
            err.println("admin: REDIS_URL is not set and GATEWAY_ADMIN_FILE is off, so there is no store to work on: "
                    + "the embedded store lives inside the running gateway, reachable only through its admin file");
            err.flush();
            return AdminExit.UNAVAILABLE;
        }
        return RemoteAdmin.run(file.get(), args, stdin, out, err);
    }

    /** Sends log lines to stderr, so that stdout carries only the command's output ({@code --json} for scripts). */
    public static void logToStderr() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.getLoggerList().forEach(logger -> logger.iteratorForAppenders().forEachRemaining(appender -> {
            if (appender instanceof ConsoleAppender<?> console) {
                console.stop();
                console.setTarget("System.err");
                console.start();
            }
        }));
    }
}
