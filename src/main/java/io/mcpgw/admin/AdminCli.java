package io.mcpgw.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mcpgw.json.Json;
import io.mcpgw.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code java -jar mcp-oauth-gateway.jar admin <command>}: the operator's commands, one picocli subcommand each.
 *
 * <p>Rules: every command prints a table for humans, or JSON with {@code --json}; a failure is one line on stderr
 * ({@code admin: <message>}) and an {@link AdminExit} code, never a stack trace; no command prints a secret or a
 * token, except {@code token}, whose purpose that is; every change is logged to the {@code audit} logger as
 * {@code event=admin_<action> key=value…}.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        versionProvider = AdminCli.JarVersion.class,
        description = "Operate the gateway: clients, grants, revocation, sessions, signing keys, backups.",
        subcommands = {ClientsCommand.class, GrantsCommand.class, RevokeCommand.class, SessionsCommand.class,
                StatsCommand.class, KeysCommand.class, BackupCommand.class, RestoreCommand.class,
                CheckGitHubCommand.class, TokenCommand.class})
public final class AdminCli implements Callable<Integer> {
    static final Logger AUDIT = LoggerFactory.getLogger("audit");

    /** {@code admin --version}: the version in the jar's manifest. */
    static final class JarVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AdminCli.class.getPackage().getImplementationVersion();
            return new String[] {"mcp-oauth-gateway " + (v == null ? "(development build)" : v)};
        }
    }
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON for scripts instead of a table.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final AdminContext context;
    private PrintWriter out;

    AdminCli(AdminContext context) {
        this.context = context;
    }

    /**
     * Runs {@code args} against {@code context}, printing to {@code out} and {@code err}.
     *
     * @return the exit code ({@link AdminExit})
     */
    public static int run(AdminContext context, String[] args, PrintWriter out, PrintWriter err) {
        AdminCli root = new AdminCli(context);
        root.out = out;
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // key ids (base64url thumbprints) may start with '-': an argument that is no known option is a value
        cli.setUnmatchedOptionsArePositionalParams(true);
        cli.setExitCodeExceptionMapper(e -> AdminExit.BAD_INPUT);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("admin: " + e.getMessage());
            err.println("run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the usage");
            err.flush();
            return AdminExit.BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            err.println("admin: " + message(e));
            err.flush();
            return exitCode(e);
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** {@code admin} alone prints the usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(out);
        return AdminExit.BAD_INPUT;
    }

    AdminContext context() {
        return context;
    }

    boolean json() {
        return json;
    }

    PrintWriter out() {
        return out;
    }

    /** Prints {@code value} as indented JSON. */
    void printJson(Object value) {
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static String when(long epochSeconds) {
        return epochSeconds <= 0 ? "-" : WHEN.format(Instant.ofEpochSecond(epochSeconds));
    }

    private static int exitCode(Exception e) {
        if (e instanceof AdminFailure f) {
            return f.exitCode();
        }
        if (e instanceof StoreUnavailableException) {
            return AdminExit.UNAVAILABLE;
        }
        return AdminExit.BAD_INPUT;
    }

    private static String message(Exception e) {
        if (e instanceof AdminFailure || e instanceof StoreUnavailableException
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
