package io.mcpgw.mcp;

import io.mcpgw.access.AccessGuard;
import io.mcpgw.config.ChildUser;
import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.GatewayTunables;
import io.mcpgw.http.GatewayHeaderFilterStrategy;
import io.mcpgw.http.GatewayHosts;
import io.mcpgw.http.StartupReadiness;
import io.mcpgw.mcp.builtin.NativeRpcRoutes;
import io.mcpgw.mcp.builtin.NativeService;
import io.mcpgw.mcp.builtin.NativeServiceDefinition;
import io.mcpgw.mcp.builtin.NativeTools;
import io.mcpgw.mcp.component.McpComponent;
import io.mcpgw.mcp.fetchs.AddressPolicy;
import io.mcpgw.mcp.fetchs.FetchTool;
import io.mcpgw.mcp.fetchs.SafeFetcher;
import io.mcpgw.mcp.files.ServiceDirectoryWatcher;
import io.mcpgw.mcp.files.ServiceFiles;
import io.mcpgw.mcp.files.ServiceRoutes;
import io.mcpgw.mcp.service.McpRouteErrors;
import io.mcpgw.mcp.service.McpServices;
import io.mcpgw.mcp.service.ServiceHealth;
import io.mcpgw.mcp.service.ServiceIdentity;
import io.mcpgw.mcp.service.ServiceRuntime;
import io.mcpgw.mcp.service.SessionQuotaPolicy;
import io.mcpgw.mcp.session.McpMeters;
import io.mcpgw.mcp.session.SessionContext;
import io.mcpgw.mcp.session.RevokedUserSessions;
import io.mcpgw.mcp.session.SessionDirectory;
import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.access.UserRevocations;
import io.mcpgw.store.StateStore;
import java.time.Clock;
import io.mcpgw.mcp.stateless.WarmChildPool;
import io.mcpgw.mcp.stdio.CommandResolver;
import io.mcpgw.mcp.stdio.ServiceLauncher;
import io.mcpgw.mcp.stdio.StdioDefinition;
import io.mcpgw.mcp.stdio.StdioLimits;
import io.mcpgw.mcp.time.TimeTool;
import io.mcpgw.mcp.tmux.TmuxCommands;
import io.mcpgw.mcp.tmux.TmuxRunner;
import io.mcpgw.mcp.tmux.TmuxTools;
import io.mcpgw.mcp.transport.AccessGuardStep;
import io.mcpgw.mcp.transport.BodyBudget;
import io.mcpgw.mcp.transport.JsonRpcStep;
import io.mcpgw.mcp.transport.McpHttpComponent;
import io.mcpgw.mcp.transport.McpHttpMount;
import io.mcpgw.mcp.transport.OriginPolicy;
import io.mcpgw.mcp.transport.OriginStep;
import io.mcpgw.mcp.transport.PostLimits;
import io.mcpgw.mcp.transport.ProtocolEraStep;
import io.mcpgw.mcp.transport.ProtocolVersionStep;
import io.mcpgw.mcp.transport.ReadBodyStep;
import io.mcpgw.mcp.transport.ReplyWriter;
import io.mcpgw.mcp.transport.SessionRouting;
import io.mcpgw.mcp.transport.SessionStep;
import io.mcpgw.mcp.scaleout.ScaleOutMember;
import io.mcpgw.store.StateStore;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.routes.BeanNames;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import io.mcpgw.access.UserRevocations;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.Producer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the MCP Streamable HTTP bridge into a Camel context: the {@code mcp-http:} component (requests in) and the
 * {@code mcp:} component (backends out: stdio children and native services), the named steps of the MCP route
 * template ({@code routes/mcp-service.camel.yaml}), the native services' {@code mcp-native-rpc} route and built-in
 * tools, the session registry, the service files (bundled and {@code GATEWAY_SERVICES_DIR}, watched), the health
 * bean, and — once the HTTP server is up — the Vert.x handler on the platform-http router. When the context stops,
 * every session ends and every child is reaped before the routes are stopped (no request waits for the shutdown
 * timeout).
 */
public final class McpBridge {
    private static final Logger LOG = LoggerFactory.getLogger(McpBridge.class);
    /** The {@link StartupReadiness} part this bridge reports: every service file loaded, the MCP routes mounted. */
    static final String SERVICES_LOADED = "mcp-services-loaded";

    private McpBridge() {
    }

    /**
     * @param guard     the access check of every MCP request (the same guard {@code /verify} uses)
     * @param readiness the gateway's start-up readiness; the bridge adds its part (services loaded, routes mounted)
     * @param revocations users whose access ended: their sessions end at once when revoked in this process, and
     *                    within {@code sweepEvery} when revoked by another (the marker in the shared store)
     */
    /** What the bridge hands back to the composition root. */
    public record Installed(ServiceHealth health, SessionRegistry sessions) {
    }

    /**
     * @param store       the shared state store: session descriptions for operators, and with
     *                    {@code GATEWAY_INTERNAL_URL} set the sessions' owner records (requests for another replica's
     *                    session are forwarded there, {@link ScaleOutMember})
     * @param revocations users revoked by an operator or by an access rule: their sessions end here too, at once for
     *                    a revocation in this process, within the check interval for one made elsewhere
     * @param meters      told about sessions and children
     * @return the services' health probes ({@code /health/services}, readiness of a services container) and the
     *         sessions (for the admin endpoint)
     */
    public static Installed install(CamelContext context, GatewaySettings settings, ResourceCatalog catalog,
                                    AccessGuard guard, StartupReadiness readiness, StateStore store,
                                    UserRevocations revocations, McpMeters meters) throws Exception {
        BridgeProperties props = BridgeProperties.from(settings.tunables());
        ScheduledExecutorService scheduler = timers();
        ExecutorService reaper = Executors.newCachedThreadPool(daemon("mcp-reaper"));
        SessionContext sessionContext = new SessionContext(scheduler, reaper, props.requestTimeout(), props.killGrace(),
                props.backlogLimit(), props.backlogMaxBytes(), props.maxInFlight(), meters);
        Registry registry = context.getRegistry();
        SessionRegistry sessions = new SessionRegistry(sessionContext, settings.maxSessionsPerUser(),
                settings.maxSessions(), settings.sessionTimeout(), new SessionDirectory(store, Clock.systemUTC()));
        Optional<ScaleOutMember> member = settings.scaleOut()
                .map(s -> new ScaleOutMember(s, store, sessions, settings.sessionTimeout(), reaper,
                        props.retryAfterSeconds()));
        // the operator's revoke --user ends the user's sessions here too, within the revocation check interval
        revocations.onRevoked(sessions::endSessionsOf);
        new RevokedUserSessions(revocations, sessions).start(scheduler, settings.admin().revocationCheck());
        NativeTools tools = nativeTools(settings.tunables().fetchsAllowPrivate(),
                Path.of("").toAbsolutePath().resolve(props.dataDir()));
        registry.bind(NativeTools.BEAN, tools);
        context.addRoutes(new McpRouteErrors());
        context.addRoutes(new NativeRpcRoutes(tools));
        McpServices services = new McpServices(catalog, sessions, backends(context, props, tools, settings.childUser(),
                meters));
        if (settings.childUser().isEmpty() && ChildUser.currentUid() == 0) {
            LOG.warn("event=children_run_as_root effect=\"MCP servers can read the gateway's secrets\""
                    + " fix=\"set MCP_CHILD_USER to an unprivileged user\"");
        }

        registry.bind("mcpServices", services);
        registry.bind(SessionRegistry.BEAN, sessions);
        registry.bind(SessionQuotaPolicy.BEAN, new SessionQuotaPolicy(services, sessions));
        ServiceHealth health = new ServiceHealth(services, reaper, props.healthTimeout(), props.killGrace(),
                props.healthInterval());
        registry.bind(BeanNames.MCP_HEALTH, health);
        // the steps of routes/mcp-service.camel.yaml, in route order
        registry.bind(OriginStep.BEAN, new OriginStep(new OriginPolicy(settings.cors(), GatewayHosts.of(settings))));
        registry.bind(AccessGuardStep.BEAN, new AccessGuardStep(
                () -> guard,
                props.retryAfterSeconds()));
        registry.bind(ReadBodyStep.BEAN, new ReadBodyStep(props.maxBodyBytes(), new BodyBudget(props.maxBodyBytesInFlight()),
                props.retryAfterSeconds()));
        registry.bind(JsonRpcStep.BEAN, new JsonRpcStep(props.postLimits()));
        registry.bind(ProtocolEraStep.BEAN, new ProtocolEraStep(new WarmChildPool(services, sessions, reaper),
                props.postLimits(), reaper, props.retryAfterSeconds()));
        registry.bind(ProtocolVersionStep.BEAN, new ProtocolVersionStep());
        registry.bind(SessionStep.BEAN, new SessionStep(services, sessions, props.postLimits(), props.retryAfterSeconds()));
        McpHttpComponent http = new McpHttpComponent(new ReplyWriter(new GatewayHeaderFilterStrategy(),
                props.retryAfterSeconds()));
        context.addComponent(McpHttpComponent.SCHEME, http);
        context.addComponent(McpComponent.SCHEME, new McpComponent(services, reaper));

        ServiceFiles files = new ServiceFiles(context, services, ServiceRoutes.bundled(), settings.servicesDir());
        ServiceDirectoryWatcher watcher = settings.servicesDir()
                .map(dir -> new ServiceDirectoryWatcher(dir, files, scheduler)).orElse(null);
        String issuerOrigin = origin(settings.issuer());
        readiness.expect(SERVICES_LOADED);
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) throws Exception {
                files.loadAll();
                health.start(scheduler);
                VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(ctx,
                        VertxPlatformHttpRouter.getRouterNameFromPort(settings.port()));
                if (router == null) {
                    router = VertxPlatformHttpRouter.lookup(ctx);
                }
                io.vertx.core.Vertx vertx = router.vertx();
                SessionRouting routing = member.<SessionRouting>map(m -> m.routing(vertx))
                        .orElse(SessionRouting.LOCAL);
                new McpHttpMount(http, services, issuerOrigin, settings.baseDomain(), routing).mount(router);
                if (watcher != null) {
                    watcher.start();
                }
                LOG.info("event=mcp_bridge_ready services={} services_dir={}", services.all().keySet(),
                        settings.servicesDir().map(Path::toString).orElse("none"));
                readiness.done(SERVICES_LOADED);
            }
        });
        // a lifecycle strategy, not an event notifier: a notifier would be handed every exchange's events too
        context.addLifecycleStrategy(LifecycleStrategySupport.adapt(LifecycleStrategySupport.onCamelContextStopping(c -> {
            // drain: not ready, no new session, the owner records released, then the sessions end
            readiness.drain();
            sessions.refuseNewSessions();
            member.ifPresent(ScaleOutMember::drain);
            if (watcher != null) {
                watcher.stop();
            }
            sessions.endAll(props.killGrace().multipliedBy(3));
        })));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                sessions.endAll(props.killGrace().multipliedBy(3));
                scheduler.shutdownNow();
                reaper.shutdown();
            }
        }, true, true);
        return new Installed(health, sessions);
    }

    /** The backends of the {@code mcp:} component: what serves the sessions of each kind of definition. */
    private static Function<ServiceIdentity, ServiceRuntime> backends(CamelContext context, BridgeProperties props,
                                                                      NativeTools tools, Optional<ChildUser> childUser,
                                                                      McpMeters meters)
            throws Exception {
        Path baseDir = Path.of("").toAbsolutePath();
        CommandResolver resolver = new CommandResolver(baseDir.resolve(props.nodeModules()).normalize(),
                System.getenv("PATH"));
        Path dataDir = baseDir.resolve(props.dataDir());
        StdioLimits limits = new StdioLimits(props.maxMessageBytes(), props.stderrLinesPerSecond(), meters);
        Map<String, String> env = System.getenv();
        ExecutorService nativePool = context.getExecutorServiceManager().newThreadPool(McpBridge.class, "mcp-native",
                props.nativeThreads(), props.nativeThreads());
        Producer rpc = context.getEndpoint(NativeRpcRoutes.RPC).createProducer();
        context.addService(rpc, true, true);
        return definition -> {
            if (definition instanceof StdioDefinition stdio) {
                return new ServiceLauncher(stdio, resolver, dataDir, baseDir, env, limits, childUser);
            }
            if (definition instanceof NativeServiceDefinition nat) {
                return new NativeService(nat, tools, context, rpc, nativePool);
            }
            throw new IllegalArgumentException("no backend for " + definition.getClass().getSimpleName());
        };
    }

    /**
     * The tools native services can offer: the fetch tools (gateway and reference flavour; the address policy is
     * the operator's, never a request's), the time tools (on the JVM's clock and zone), the tmux tools (the system
     * {@code tmux}, one server per user under {@code dataDir}).
     */
    private static NativeTools nativeTools(boolean allowPrivate, Path dataDir) {
        if (allowPrivate) {
            LOG.warn("event=fetchs_allow_private effect=\"the fetch tool may reach loopback and private networks"
                    + " (link-local and cloud metadata stay refused)\"");
        }
        SafeFetcher fetcher = SafeFetcher.standard(new AddressPolicy(allowPrivate));
        return new NativeTools().add(new FetchTool(fetcher)).add(FetchTool.reference(fetcher))
                .addAll(TimeTool.all(Clock.systemDefaultZone()))
                .addAll(new TmuxTools(new TmuxRunner(dataDir, System.getenv()), new TmuxCommands(Clock.systemUTC())).all());
    }

    private static String origin(String issuer) {
        URI u = URI.create(issuer);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    /**
     * The bridge's one timer thread (request timeouts, idle sessions, health, revocation checks). A request answered in
     * time cancels its timeout, and a cancelled timeout leaves the queue at once: otherwise every answered request
     * would stay queued until its deadline (the request timeout, 60 s by default), which at 10,000 requests per second
     * keeps 600,000 dead tasks on the heap.
     */
    static ScheduledExecutorService timers() {
        java.util.concurrent.ScheduledThreadPoolExecutor timers =
                new java.util.concurrent.ScheduledThreadPoolExecutor(1, daemon("mcp-timer"));
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The bridge's tunables ({@code gateway.mcp.*}), as {@link GatewayTunables} validated them. */
    record BridgeProperties(long maxBodyBytes, Duration requestTimeout, Duration killGrace, String nodeModules,
                            String dataDir, int maxMessageBytes, int stderrLinesPerSecond, int backlogLimit,
                            int retryAfterSeconds, Duration healthTimeout, Duration healthInterval, int nativeThreads,
                            long maxBodyBytesInFlight, int maxInFlight, PostLimits postLimits,
                            long backlogMaxBytes) {
        static BridgeProperties from(GatewayTunables t) {
            return new BridgeProperties(t.mcpMaxBodyBytes(), t.mcpRequestTimeout(), t.mcpKillGrace(),
                    t.mcpNodeModules(), t.mcpDataDir(), t.mcpMaxMessageBytes(), t.mcpStderrLinesPerSecond(),
                    t.mcpBacklogLimit(), t.mcpRetryAfterSeconds(), t.mcpHealthTimeout(), t.mcpHealthInterval(),
                    t.mcpNativeThreads(), t.mcpMaxBodyBytesInFlight(), t.mcpMaxInFlightPerSession(),
                    new PostLimits(t.mcpMaxBatchLength(), t.mcpMaxPostResponseBytes(), t.mcpSseMaxQueuedBytes(),
                            t.mcpSseStallTimeout(), t.mcpReplayBufferBytes(), t.mcpReplayBufferAge(),
                            t.mcpSsePrimeAfter()),
                    t.mcpBacklogBytes());
        }
    }
}
