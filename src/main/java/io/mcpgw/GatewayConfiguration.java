package io.mcpgw;

import io.mcpgw.access.AccessGuard;
import io.mcpgw.admin.AdminContext;
import io.mcpgw.admin.AdminEndpoint;
import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.audit.AuditFile;
import io.mcpgw.access.TokenAccessGuard;
import io.mcpgw.access.ValidatedTokenCache;
import io.mcpgw.config.ClientIdDocuments;
import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.SettingsLoader;
import io.mcpgw.endpoints.AuthorizeEndpoint;
import io.mcpgw.endpoints.DiscoveryEndpoint;
import io.mcpgw.endpoints.HealthEndpoint;
import io.mcpgw.endpoints.ProtectedResourceEndpoint;
import io.mcpgw.endpoints.RegistrationEndpoint;
import io.mcpgw.endpoints.VerifyEndpoint;
import io.mcpgw.health.ReadinessCheck;
import io.mcpgw.http.AnyCaseHeadersFactory;
import io.mcpgw.http.BodyLimitHandlers;
import io.mcpgw.http.CorsPolicy;
import io.mcpgw.http.EventLoopHttpEngine;
import io.mcpgw.http.EventLoopSpread;
import io.mcpgw.http.HostCheck;
import io.mcpgw.http.PlatformRouterHook;
import io.mcpgw.http.StartupReadiness;
import io.mcpgw.mcp.McpBridge;
import io.mcpgw.mcp.service.ServiceHealth;
import io.mcpgw.metrics.GatewayMetrics;
import io.mcpgw.metrics.HttpStatusMeter;
import io.mcpgw.metrics.MetricsEndpoint;
import io.mcpgw.oauth.authorize.AuthorizationFlow;
import io.mcpgw.oauth.cimd.MetadataDocumentClients;
import io.mcpgw.oauth.cimd.MetadataDocumentFetcher;
import io.mcpgw.oauth.client.ClientRegistrationService;
import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.StoreClientRepository;
import io.mcpgw.oauth.code.AuthorizationCodeStore;
import io.mcpgw.oauth.code.StoreAuthorizationCodeStore;
import io.mcpgw.oauth.metadata.AuthorizationServerMetadata;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.access.UserRevocations;
import io.mcpgw.oauth.token.EntitlementRecheck;
import io.mcpgw.oauth.upstream.GitHubLogin;
import io.mcpgw.oauth.upstream.OidcLogin;
import io.mcpgw.oauth.upstream.UpstreamCredentials;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.mcpgw.oauth.upstream.LocalDevelopmentLogin;
import io.mcpgw.oauth.upstream.UpstreamLogin;
import io.mcpgw.role.ServiceNames;
import io.mcpgw.role.ServiceRouteFilter;
import io.mcpgw.routes.BeanNames;
import io.mcpgw.routes.ErrorHandlingRoutes;
import io.mcpgw.store.StateStore;
import io.mcpgw.store.StateStores;
import io.vertx.core.VertxOptions;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place that builds the gateway's objects and hands each its collaborators through
 * its constructor. It binds only what routes call by name ({@link BeanNames}, the YAML {@code ref:}s) and a few
 * shared objects for tests and added routes; nothing it builds is read back from the registry. Order: settings
 * (validated once), state store (checked with a round trip), Vert.x options, the authorization server (token
 * side, registration, browser flow), the resource side (one access guard for {@code /verify} and MCP), the MCP
 * bridge or the published service names (by role), then the error route configuration. Used by
 * {@link GatewayApplication} and, through {@code camel.main.configuration-classes}, by Camel JBang.
 */
public final class GatewayConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);
    private final GatewaySettings given;
    private final Optional<AccessGuard> guardOverride;

    /** Settings from the environment, read when Camel configures the context (Camel JBang names this class). */
    public GatewayConfiguration() {
        this(null, Optional.empty());
    }

    /** The settings given (the jar's main and the tests validated them already). */
    public GatewayConfiguration(GatewaySettings settings) {
        this(settings, Optional.empty());
    }

    /**
     * @param guardOverride an access guard in place of the token guard, for tests of the MCP transport that need
     *                      no authorization server
     */
    public GatewayConfiguration(GatewaySettings settings, Optional<AccessGuard> guardOverride) {
        this.given = settings;
        this.guardOverride = guardOverride;
    }
    private static final String CAMEL_STARTED = "camel-started";

    /** Which network transport serves HTTP: epoll (native) or the JDK's NIO, and why not epoll where it was wanted. */
    private static void logTransport(io.vertx.core.Vertx vertx, GatewaySettings settings) {
        if (vertx.isNativeTransportEnabled()) {
            LOG.info("event=http_transport transport=epoll");
        } else if (settings.tunables().httpNativeTransport()) {
            Throwable cause = vertx.unavailableNativeTransportCause();
            LOG.info("event=http_transport transport=nio native_unavailable={}",
                    cause == null ? "unknown" : cause.getClass().getSimpleName());
        } else {
            LOG.info("event=http_transport transport=nio");
        }
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        // message headers in a hashed any-case map instead of Camel's sorted one (every request's headers pass through)
        AnyCaseHeadersFactory.install(context);
        GatewaySettings settings = given != null ? given
                : SettingsLoader.fromEnvironment(context.getPropertiesComponent()::resolveProperty);
        registry.bind(BeanNames.SETTINGS, settings);
        registry.bind(BeanNames.VERTX_OPTIONS, new VertxOptions()
                .setWorkerPoolSize(settings.tunables().workerPoolSize())
                .setPreferNativeTransport(settings.tunables().httpNativeTransport()));

        // Metrics, audit file: before anything that could be measured or audited.
        GatewayMetrics metrics = new GatewayMetrics();
        registry.bind(BeanNames.METRICS, metrics);
        MetricsEndpoint.install(context, settings, metrics);
        settings.observability().auditLogFile().ifPresent(file -> {
            AuditFile trail = AuditFile.open(file, settings.observability().logFormat());
            closeOnStop(context, trail);
        });
        // Per-request work that only a scrape reads (a handler on every request, a timer on every store call) runs only
        // when the metrics endpoint is on: the hot paths stay as they are without METRICS_PORT.
        boolean scraped = settings.observability().metrics().isPresent();
        if (scraped) {
            HttpStatusMeter.install(context, settings.port(), metrics);
        }

        // Request bodies: a limit per endpoint and a read deadline, before any route reads a byte (BodyLimits).
        BodyLimitHandlers.installOnStart(context, settings.port());
        // One event loop per core serves HTTP (Camel's server alone uses one): /verify and MCP run on the event loops.
        EventLoopSpread.install(context, settings.port(), settings.tunables().httpEventLoopCount());

        StateStore opened = StateStores.open(settings.redis().map(GatewaySettings.Redis::connection));
        StateStore store = scraped ? metrics.metered(opened) : opened;
        store.checkRoundTrip();
        registry.bind(BeanNames.STATE_STORE, store);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                store.close();
            }
        }, true, true);
        LOG.info("event=store_ready store={}", store.describe());
        Clock clock = Clock.systemUTC();

        // DNS-rebinding defence: requests for a host that is not this gateway are refused before any route.
        HostCheck.install(context, settings);
        PlatformRouterHook.onRouter(context, settings.port(), false, router -> logTransport(router.vertx(), settings));
        GatewaySettings started = settings;
        StartupReadiness readiness = new StartupReadiness(() -> LOG.info("event=ready url=http://{}:{} issuer={} startup_ms={}",
                started.bind(), started.port(), started.issuer(),
                System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()));
        readiness.expect(CAMEL_STARTED);
        
        CorsPolicy cors = new CorsPolicy(settings.cors());
        registry.bind(BeanNames.CORS_POLICY, cors);
        registry.bind(BeanNames.DISCOVERY, new DiscoveryEndpoint(new AuthorizationServerMetadata(settings.issuer(),
                settings.clientIdDocuments().enabled()),
                cors, readiness));

        // Authorization server: shared repositories, the token side, registration, then the browser flow.
        ResourceCatalog catalog = new ResourceCatalog(settings.issuer(), settings.baseDomain());
        ClientRepository registered = new StoreClientRepository(store, settings.clientLifetime(), clock);
        ClientRepository clients = clientIdDocuments(settings, registered, store, clock);
        AuthorizationCodeStore codes = new StoreAuthorizationCodeStore(store, settings.authCodeLifetime());
        registry.bind(BeanNames.RESOURCE_CATALOG, catalog);
        registry.bind(BeanNames.CLIENT_REPOSITORY, clients);
        registry.bind(BeanNames.AUTHORIZATION_CODE_STORE, codes);
        // Upstream login and live entitlement: the upstream token kept per grant (encrypted) lets the access rule be
        // asked again at every refresh and at least every ENTITLEMENT_RECHECK; users who lost access are revoked.
        UpstreamLogin upstream = upstreamLogin(settings);
        UpstreamCredentials upstreamTokens = new UpstreamCredentials(store, settings.entitlements().tokenKey(),
                settings.refreshTokenLifetime());
        // Revoked users (admin revoke --user, or an access rule that no longer holds), shared by every replica.
        UserRevocations revocations = AdminContext.newRevocations(store, settings, clock);
        registry.bind(UserRevocations.BEAN, revocations);
        TokenSide tokens = TokenSide.build(settings, store, clients, codes, clock, upstream, upstreamTokens,
                revocations);
        if (settings.role().servesOAuth() && tokens.entitlements().isPresent()) {
            scheduleRecheck(context, tokens.entitlements().get());
        }
        tokens.bindRouteBeans(registry, metrics);
        registry.bind(BeanNames.REGISTRATION, new RegistrationEndpoint(new ClientRegistrationService(registered, store,
                settings.issuer(), settings.clientLifetime(), settings.registerRateLimit(), tokens.revoker(), clock),
                settings.trustedProxies(), metrics));
        registry.bind(BeanNames.AUTHORIZE_ENDPOINT, new AuthorizeEndpoint(new AuthorizationFlow(settings.issuer(),
                clients, catalog, store, upstream, codes, clock, upstreamTokens)));

        // Resource side: one guard for /verify and the MCP routes, protected resource metadata.
        AccessGuard guard = guardOverride.orElseGet(() -> new TokenAccessGuard(new ValidatedTokenCache(
                tokens.validator(), tokens.grants(), revocations, clock)));
        registry.bind(BeanNames.ACCESS_GUARD, guard);
        registry.bind(BeanNames.VERIFY_ENDPOINT, new VerifyEndpoint(guard, catalog, settings.trustedProxies(),
                metrics));
        EventLoopHttpEngine eventLoopHttp = new EventLoopHttpEngine();
        eventLoopHttp.setCamelContext(context);
        registry.bind(EventLoopHttpEngine.BEAN, eventLoopHttp);
        registry.bind(BeanNames.PROTECTED_RESOURCE_ENDPOINT, new ProtectedResourceEndpoint(catalog,
                settings.issuer(), settings.trustedProxies(), cors));

        // Role (GATEWAY_ROLE; RoleRoutes already chose the route files): MCP services run only in roles all and
        // services, and only those of GATEWAY_SERVICES (a route filter on mcp-<service>); the auth role knows the
        // services by their file names, to grant and verify tokens for them.
        List<HealthCheck> health;
        Optional<SessionRegistry> sessions = Optional.empty();
        if (settings.role().servesMcp()) {
            ServiceRouteFilter.install(context, settings.services());
            McpBridge.Installed bridge = McpBridge.install(context, settings, catalog, guard, readiness, store,
                    revocations, metrics);
            ServiceHealth services = bridge.health();
            sessions = Optional.of(bridge.sessions());
            LOG.info("event=mcp_services_selected services={}", settings.services());
            // a services container is its services: it is ready only when they can serve
            health = List.of(ReadinessCheck.store(store), ReadinessCheck.startup(readiness),
                    ReadinessCheck.services(settings.role().servesOAuth() ? List::of : services::notServing));
        } else {
            LOG.info("event=services_published services={}", ServiceNames.publish(context, settings, catalog));
            health = List.of(ReadinessCheck.store(store), ReadinessCheck.startup(readiness));
        }
        bindHealth(context, store, health);

        // The embedded store lives in this process: admin commands reach it through a loopback endpoint.
        Optional<SessionRegistry> liveSessions = sessions;
        if (settings.redis().isEmpty() && settings.admin().adminFile().isPresent()) {
            AdminEndpoint admin = AdminEndpoint.start(settings.admin().adminFile().get(), stdin -> new AdminContext(
                    store, started, clock, liveSessions, revocations, stdin));
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    admin.close();
                }
            }, true, true);
        }

        context.addRoutes(new ErrorHandlingRoutes());
        context.addLifecycleStrategy(LifecycleStrategySupport.adapt(
                LifecycleStrategySupport.onCamelContextStarted(c -> readiness.done(CAMEL_STARTED))));
        LOG.info("event=configured role={} issuer={} bind={} port={} login={}", settings.role().value(),
                settings.issuer(), settings.bind(), settings.port(), !settings.role().servesOAuth() ? "none"
                        : settings.devLogin() ? "local-development" : settings.oidc().isPresent() ? "oidc" : "github");
    }

    /**
     * Registered clients, and with {@code CIMD_ENABLED} (the default) clients whose {@code client_id} is the URL of a
     * client metadata document. Registration and RFC 7592 management only ever see registered clients.
     */
    private static ClientRepository clientIdDocuments(GatewaySettings settings, ClientRepository registered,
                                                      StateStore store, Clock clock) {
        ClientIdDocuments cimd = settings.clientIdDocuments();
        if (!cimd.enabled()) {
            return registered;
        }
        if (cimd.allowPrivate()) {
            LOG.warn("event=cimd_private_addresses_allowed detail=\"CIMD_ALLOW_PRIVATE=true: client metadata documents"
                    + " may be fetched from loopback and private addresses; development only\"");
        }
        return new MetadataDocumentClients(registered, store,
                MetadataDocumentFetcher.standard(cimd.allowPrivate(), cimd.extraCas()), clock);
    }

    /** {@code /health/*} and the same readiness checks in Camel's health-check registry (Camel's tooling lists them). */
    private static void bindHealth(CamelContext context, StateStore store, List<HealthCheck> readiness) {
        HealthCheckRegistry checks = HealthCheckRegistry.get(context);
        for (HealthCheck check : readiness) {
            if (check instanceof CamelContextAware aware) {
                aware.setCamelContext(context);
            }
            if (checks != null) {
                checks.register(check);
            }
        }
        context.getRegistry().bind(BeanNames.HEALTH, new HealthEndpoint(store, readiness));
    }

    private static void closeOnStop(CamelContext context, AutoCloseable resource) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    resource.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException(e); // adding a service to a context being configured does not fail
        }
    }

    private static UpstreamLogin upstreamLogin(GatewaySettings settings) {
        if (settings.oidc().isPresent()) {
            return new OidcLogin(settings.oidc().get(), settings.issuer());
        }
        return settings.github().<UpstreamLogin>map(g -> new GitHubLogin(g, settings.issuer()))
                .orElseGet(() -> new LocalDevelopmentLogin(settings.issuer()));
    }

    /** Runs {@link EntitlementRecheck#sweep} every {@link EntitlementRecheck#tick} while the context runs. */
    private static void scheduleRecheck(CamelContext context, EntitlementRecheck recheck) throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "entitlement-recheck");
            t.setDaemon(true);
            return t;
        });
        long every = recheck.tick().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                recheck.sweep();
            } catch (RuntimeException e) {
                LOG.warn("event=entitlement_sweep_failed error={}", e.getClass().getSimpleName());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        // stopped as soon as the context begins to stop, before the store closes under a running check
        context.addLifecycleStrategy(LifecycleStrategySupport.adapt(
                LifecycleStrategySupport.onCamelContextStopping(c -> timer.shutdownNow())));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                timer.shutdownNow();
            }
        }, true, true);
    }
}
