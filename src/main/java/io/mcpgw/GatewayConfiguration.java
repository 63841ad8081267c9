package io.mcpgw;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.SettingsLoader;
import io.mcpgw.access.AccessGuard;
import io.mcpgw.access.TokenAccessGuard;
import io.mcpgw.access.ValidatedTokenCache;
import io.mcpgw.endpoints.AuthorizeEndpoint;
import io.mcpgw.endpoints.ProtectedResourceEndpoint;
import io.mcpgw.endpoints.VerifyEndpoint;
import io.mcpgw.http.CorsPolicy;
import io.mcpgw.oauth.token.AccessTokenValidator;
import io.mcpgw.oauth.token.GrantStore;
import io.mcpgw.endpoints.DiscoveryEndpoint;
import io.mcpgw.oauth.authorize.AuthorizationFlow;
import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.StoreClientRepository;
import io.mcpgw.oauth.code.AuthorizationCodeStore;
import io.mcpgw.oauth.code.StoreAuthorizationCodeStore;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.oauth.upstream.GitHubLogin;
import io.mcpgw.oauth.upstream.LocalDevelopmentLogin;
import io.mcpgw.oauth.upstream.UpstreamLogin;
import java.time.Clock;
import io.mcpgw.endpoints.HealthEndpoint;
import io.mcpgw.mcp.McpBridge;
import io.mcpgw.endpoints.RegistrationWiring;
import io.mcpgw.oauth.client.ClientGrantsRevoker;
import io.mcpgw.oauth.metadata.AuthorizationServerMetadata;
import io.mcpgw.role.ServiceNames;
import io.mcpgw.role.ServiceRouteFilter;
import io.mcpgw.routes.ErrorHandlingRoutes;
import io.mcpgw.store.StateStore;
import io.mcpgw.store.StateStores;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import java.lang.management.ManagementFactory;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.CamelConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the gateway into a Camel context: settings (validated once), the state store (checked with a round trip),
 * the Vert.x worker pool, the endpoint beans the YAML routes call, and the Java DSL routes. Used by
 * {@link GatewayApplication} and, through {@code application.properties}, by Camel JBang.
 */
public final class GatewayConfiguration implements CamelConfiguration {
    public static final String SETTINGS_BEAN = "gatewaySettings";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);
    private final GatewaySettings given;

    /** Settings from the environment, read when Camel configures the context (Camel JBang names this class). */
    public GatewayConfiguration() {
        this(null);
    }

    /** The settings given (the jar's main and the tests validated them already). */
    public GatewayConfiguration(GatewaySettings settings) {
        this.given = settings;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        GatewaySettings settings = given != null ? given : SettingsLoader.fromEnvironment();
        registry.bind(SETTINGS_BEAN, settings);

        registry.bind("vertxOptions", new VertxOptions()
                .setWorkerPoolSize(Integer.parseInt(property(context, "gateway.http.worker-pool-size", "400"))));

        StateStore store = StateStores.open(settings.redis().map(GatewaySettings.Redis::connection));
        store.checkRoundTrip();
        registry.bind("stateStore", store);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                store.close();
            }
        }, true, true);
        LOG.info("event=store_ready store={}", store.describe());

        CorsPolicy cors = new CorsPolicy(settings.cors());
        registry.bind("corsPolicy", cors);
        registry.bind("discovery", new DiscoveryEndpoint(new AuthorizationServerMetadata(settings.issuer()), cors));
        registry.bind("health", new HealthEndpoint(store));

        // Authorization server: shared repositories, the token side, registration, then the browser flow.
        ResourceCatalog catalog = new ResourceCatalog(settings.issuer(), settings.baseDomain());
        registry.bind("resourceCatalog", catalog);
        ClientRepository clients = new StoreClientRepository(store, settings.clientLifetime());
        registry.bind("clientRepository", clients);
        AuthorizationCodeStore codes = new StoreAuthorizationCodeStore(store, settings.authCodeLifetime());
        registry.bind("authorizationCodeStore", codes);
        TokenWiring.bind(registry, settings, store, clients, codes);
        ClientGrantsRevoker revoker = registry.lookupByNameAndType("clientGrantsRevoker", ClientGrantsRevoker.class);
        registry.bind("registration", RegistrationWiring.endpoint(settings, store, clients, revoker));
        registry.bind("authorizeEndpoint", new AuthorizeEndpoint(new AuthorizationFlow(settings.issuer(), clients,
                catalog, store, upstreamLogin(settings), codes, Clock.systemUTC())));

        // Resource side: one guard for /verify and the MCP routes, protected resource metadata.
        AccessGuard guard = new TokenAccessGuard(new ValidatedTokenCache(
                registry.lookupByNameAndType("accessTokenValidator", AccessTokenValidator.class),
                registry.lookupByNameAndType("grantStore", GrantStore.class), Clock.systemUTC()));
        registry.bind("accessGuard", guard);
        registry.bind("verifyEndpoint", new VerifyEndpoint(guard, catalog, settings.trustedProxies()));
        registry.bind("protectedResourceEndpoint", new ProtectedResourceEndpoint(catalog, settings.issuer(),
                settings.trustedProxies(), cors));

        // --- Role (GATEWAY_ROLE; RoleRoutes already chose the route files): MCP services run only in roles all and
        // services, and only those of GATEWAY_SERVICES (a route filter on mcp-<service>); the auth role knows the
        // services by their file names, to grant and verify tokens for them.
        if (settings.role().servesMcp()) {
            ServiceRouteFilter.install(context, settings.services());
            // MCP Streamable HTTP <-> stdio bridge (io.mcpgw.mcp): components, templates, service files, sessions, the
            // Vert.x handler. Keep it last among the beans: it binds a fail-closed accessGuard only when none is bound.
            McpBridge.install(context, settings, catalog);
            LOG.info("event=mcp_services_selected services={}", settings.services());
        } else {
            LOG.info("event=services_published services={}", ServiceNames.publish(context, settings, catalog));
        }

        context.addRoutes(new ErrorHandlingRoutes());
        GatewaySettings ready = settings;
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    LOG.info("event=ready url=http://{}:{} issuer={} startup_ms={}", ready.bind(), ready.port(),
                            ready.issuer(), System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
                }
            }
        });
        LOG.info("event=configured role={} issuer={} bind={} port={} login={}", settings.role().value(),
                settings.issuer(), settings.bind(), settings.port(), !settings.role().servesOAuth() ? "none"
                        : settings.devLogin() ? "local-development" : "github");
    }

    private static UpstreamLogin upstreamLogin(GatewaySettings settings) {
        return settings.github().<UpstreamLogin>map(g -> new GitHubLogin(g, settings.issuer()))
                .orElseGet(() -> new LocalDevelopmentLogin(settings.issuer()));
    }

    private static String property(CamelContext context, String key, String fallback) {
        return context.getPropertiesComponent().resolveProperty(key).orElse(fallback);
    }
}
