package io.mcpgw.testsupport;

import static org.awaitility.Awaitility.await;

import io.mcpgw.GatewayApplication;
import io.mcpgw.GatewayConfiguration;
import io.mcpgw.access.AccessGuard;
import io.mcpgw.routes.BeanNames;
import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.GatewayTunables;
import io.mcpgw.config.SettingsLoader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The real gateway (Camel Main, Vert.x HTTP, production routes) started inside the test JVM on a free loopback
 * port, with the environment given. Ready when the AS metadata answers 200, as the README defines ready.
 */
public final class InProcessGateway implements AutoCloseable {
    private final Main main;
    private final GatewaySettings settings;
    private final int port;

    private InProcessGateway(Main main, GatewaySettings settings, int port) {
        this.main = main;
        this.settings = settings;
        this.port = port;
    }

    public static InProcessGateway start(Map<String, String> env) {
        return start(env, Map.of(), Map.of());
    }

    /**
     * @param env        the gateway's environment; {@code GATEWAY_PORT} when given (a port the test reserved, e.g.
     *                   for an upstream provider's redirect URI), else a free port
     * @param beans      bound before the gateway configures itself; {@code accessGuard} (an {@link AccessGuard})
     *                   replaces the token guard of {@code /verify} and the MCP routes
     * @param properties Camel properties overriding {@code application.properties}
     */
    public static InProcessGateway start(Map<String, String> env, Map<String, Object> beans,
                                         Map<String, String> properties) {
        // a port given in env is kept (a gateway restarted on the same issuer); otherwise a free one
        int port = env.containsKey("GATEWAY_PORT") ? Integer.parseInt(env.get("GATEWAY_PORT")) : freePort();
        Map<String, String> full = new HashMap<>(env);
        full.put("GATEWAY_PORT", String.valueOf(port));
        full.putIfAbsent("GATEWAY_ADMIN_FILE", "off"); // tests that use the admin endpoint name a file of their own
        GatewaySettings settings = SettingsLoader.load(full, java.nio.file.Path.of("").toAbsolutePath(),
                GatewayTunables.bundledProperties(properties));
        Optional<AccessGuard> guard = Optional.ofNullable((AccessGuard) beans.get(BeanNames.ACCESS_GUARD));
        Main main = GatewayApplication.newMain(new GatewayConfiguration(settings, guard), settings);
        beans.forEach((name, bean) -> {
            if (!name.equals(BeanNames.ACCESS_GUARD)) {
                main.bind(name, bean);
            }
        });
        properties.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("gateway did not start", e);
        }
        InProcessGateway gw = new InProcessGateway(main, settings, port);
        HttpClient client = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                return client.send(HttpRequest.newBuilder(gw.uri("/.well-known/oauth-authorization-server")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return gw;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public String issuer() {
        return settings.issuer();
    }

    public int port() {
        return port;
    }

    public GatewaySettings settings() {
        return settings;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        T bean = context().getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean " + name);
        }
        return bean;
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
