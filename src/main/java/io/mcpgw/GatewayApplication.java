package io.mcpgw;

import io.mcpgw.admin.AdminLauncher;
import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.InvalidSettingsException;
import io.mcpgw.config.SettingsLoader;
import io.mcpgw.oauth.token.SigningKeys;
import io.mcpgw.role.RoleRoutes;
import io.mcpgw.startup.JarDirectoryResourceResolver;
import io.mcpgw.store.StoreUnavailableException;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.main.Main;

/**
 * Start-up: read and validate the settings once (every problem in one message, exit code 2), then run Camel
 * Main with the embedded Vert.x HTTP server on {@code GATEWAY_BIND}:{@code GATEWAY_PORT}.
 */
public final class GatewayApplication {

    private GatewayApplication() {
    }

    public static void main(String[] args) throws Exception {
        allowHostHeader();
        GatewaySettings settings;
        try {
            settings = SettingsLoader.fromEnvironment();
        } catch (InvalidSettingsException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (args.length > 0 && (args[0].equals("admin") || args[0].equals("rotate-signing-key"))) {
            System.exit(admin(settings, args));
            return;
        }
        try {
            newMain(settings).run(args);
        } catch (Exception e) {
            System.err.println("startup failed: " + startupProblem(e));
            System.exit(3);
        }
    }

    /**
     * The fetch tool connects to the IP it vetted and names the host in the {@code Host} header (no second DNS
     * lookup to rebind); the JDK's HTTP client allows that header only with this property, read once when the
     * client is first used — so it is set before anything else runs.
     */
    static void allowHostHeader() {
        String key = "jdk.httpclient.allowRestrictedHeaders";
        String current = System.getProperty(key, "");
        if (!java.util.Arrays.asList(current.toLowerCase(java.util.Locale.ROOT).split("\\s*,\\s*")).contains("host")) {
            System.setProperty(key, current.isBlank() ? "host" : current + ",host");
        }
    }

    /**
     * {@code java -jar mcp-oauth-gateway.jar admin <command>} (docs/OPERATIONS.md); {@code rotate-signing-key} is kept
     * as the alias of {@code admin keys rotate}. Logs go to stderr so stdout carries only the command's output.
     */
    static int admin(GatewaySettings settings, String[] args) {
        AdminLauncher.logToStderr();
        String[] rest = args[0].equals("rotate-signing-key")
                ? new String[] {"keys", "rotate"} : java.util.Arrays.copyOfRange(args, 1, args.length);
        java.io.PrintWriter out = new java.io.PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
        java.io.PrintWriter err = new java.io.PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8);
        return AdminLauncher.run(settings, rest, System.in, out, err);
    }

    /** The first message in the cause chain that our own code wrote (no stack trace, never a secret). */
    static String startupProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailableException || t instanceof InvalidSettingsException) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /**
     * A Camel Main for {@code settings}, not started; tests start several of these in one JVM. The route files are
     * those of {@code GATEWAY_ROLE} ({@link RoleRoutes}).
     */
    public static Main newMain(GatewaySettings settings) {
        return newMain(new GatewayConfiguration(settings), settings);
    }

    /** {@link #newMain(GatewaySettings)} with the composition root given (tests: an access guard of their own). */
    public static Main newMain(GatewayConfiguration configuration, GatewaySettings settings) {
        Main main = new Main() {
            @Override
            protected CamelContext createCamelContext() {
                CamelContext context = super.createCamelContext();
                JarDirectoryResourceResolver.install(context); // route and service files found without inflating the jar
                try {
                    context.addStartupListener(new StartupListener() {
                        @Override
                        public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                        }

                        @Override
                        public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                            // the first signing key of an empty store once started: not on the start-up path
                            started.getRegistry().findByType(SigningKeys.class)
                                    .forEach(SigningKeys::generateInBackground);
                            // the JWS provider's native library, likewise (JwsCrypto)
                            io.mcpgw.oauth.token.JwsCrypto.chooseInBackground();
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e); // adding a listener to a new context does not fail
                }
                return context;
            }
        };
        main.configure().addConfiguration(configuration);
        main.configure().withRoutesIncludePattern(RoleRoutes.includePattern(settings.role()));
        main.configure().httpServer().withEnabled(true).withHost(settings.bind()).withPort(settings.port());
        return main;
    }
}
