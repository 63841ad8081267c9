package io.mcpgw;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.InvalidSettingsException;
import io.mcpgw.config.SettingsLoader;
import io.mcpgw.oauth.token.SigningKeys;
import io.mcpgw.role.RoleRoutes;
import io.mcpgw.startup.JarDirectoryResourceResolver;
import io.mcpgw.store.StateStore;
import io.mcpgw.store.StateStores;
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
        if (args.length > 0 && args[0].equals("rotate-signing-key")) {
            System.exit(rotateSigningKey(settings));
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
     * {@code java -jar mcp-oauth-gateway.jar rotate-signing-key}: a new RS256 key becomes current in the shared store;
     * the previous keys keep verifying (and stay in {@code /jwks}) so no issued token breaks. Running gateways pick
     * the new key up on their next key reload.
     */
    static int rotateSigningKey(GatewaySettings settings) {
        if (settings.redis().isEmpty()) {
            System.err.println("rotate-signing-key: REDIS_URL is not set; the in-memory store lives inside the "
                    + "running gateway, restart it to get a new key");
            return 2;
        }
        try (StateStore store = StateStores.open(settings.redis().map(GatewaySettings.Redis::connection))) {
            SigningKeys keys = new SigningKeys(store, settings.jwtPrivateKeyPem(), java.time.Clock.systemUTC());
            System.out.println("current signing key: " + keys.rotate().getKeyID());
            return 0;
        } catch (IllegalStateException | StoreUnavailableException e) {
            System.err.println("rotate-signing-key: " + e.getMessage());
            return 3;
        }
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
