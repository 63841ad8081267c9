package io.mcpgw.testsupport;

import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.RegisteredClient;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway as a real MCP client meets it, in one of the two URL forms, with the local development login:
 * <ul>
 * <li>path form: the in-process gateway, {@code http://localhost:<port>/everything/mcp}, issuer
 * {@code http://localhost:<port>};</li>
 * <li>host form: the gateway with {@code BASE_DOMAIN=example.test} behind a real Caddy terminating TLS
 * ({@code tls internal}) for {@code *.example.test}: {@code https://mcp-everything.example.test/mcp}, issuer
 * {@code https://auth.example.test}. The clients cannot resolve those names, so the Node processes are started
 * with {@code src/test/node/hostmap.mjs} preloaded, which connects *.example.test to Caddy's port (SNI and Host
 * unchanged) and trusts Caddy's local CA through {@code NODE_EXTRA_CA_CERTS}.</li>
 * </ul>
 */
public final class ClientTestbed implements AutoCloseable {
    public static final String DOMAIN = "example.test";

    private final InProcessGateway gateway;
    private final CaddyProxy proxy;
    private final String mcpUrl;
    private final String prmUrl;
    private final Map<String, String> nodeEnv;

    private ClientTestbed(InProcessGateway gateway, CaddyProxy proxy, String mcpUrl, String prmUrl,
                          Map<String, String> nodeEnv) {
        this.gateway = gateway;
        this.proxy = proxy;
        this.mcpUrl = mcpUrl;
        this.prmUrl = prmUrl;
        this.nodeEnv = nodeEnv;
    }

    private static Map<String, String> gatewayEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("REGISTER_RATE_LIMIT", "0");
        return env;
    }

    private static Map<String, String> properties() {
        return Map.of("gateway.mcp.data-dir", "target/test-services-data");
    }

    public static ClientTestbed pathForm() {
        InProcessGateway gw = InProcessGateway.start(gatewayEnv(), Map.of(), properties());
        String origin = "http://localhost:" + gw.port();
        return new ClientTestbed(gw, null, origin + "/everything/mcp",
                origin + "/.well-known/oauth-protected-resource/everything/mcp", Map.of());
    }

    public static ClientTestbed hostForm() throws IOException {
        Map<String, String> env = gatewayEnv();
        env.put("BASE_DOMAIN", DOMAIN);
        InProcessGateway gw = InProcessGateway.start(env, Map.of(), properties());
        CaddyProxy caddy;
        try {
            caddy = CaddyProxy.start(InProcessGateway.freePort(),
                    "https://" + DOMAIN + ":{PORT}, https://*." + DOMAIN + ":{PORT} {\n"
                            + "\ttls internal\n"
                            + "\treverse_proxy 127.0.0.1:" + gw.port() + "\n"
                            + "}\n",
                    "auto_https disable_redirects\nskip_install_trust");
        } catch (IOException | RuntimeException e) {
            gw.close();
            throw e;
        }
        Map<String, String> node = new HashMap<>();
        node.put("MCPGW_HOSTMAP_DOMAIN", DOMAIN);
        node.put("MCPGW_HOSTMAP_PORT", String.valueOf(caddy.port()));
        node.put("NODE_EXTRA_CA_CERTS", caddy.rootCertificate().toString());
        node.put("NODE_OPTIONS", "--import=" + java.nio.file.Path.of("src/test/node/hostmap.mjs").toUri());
        return new ClientTestbed(gw, caddy, "https://mcp-everything." + DOMAIN + "/mcp",
                "https://mcp-everything." + DOMAIN + "/.well-known/oauth-protected-resource/mcp", node);
    }

    /** The MCP endpoint URL the client is given. */
    public String mcpUrl() {
        return mcpUrl;
    }

    /** The RFC 8707 resource: the MCP endpoint URL itself. */
    public String resource() {
        return mcpUrl;
    }

    public String prmUrl() {
        return prmUrl;
    }

    public String issuer() {
        return gateway.issuer();
    }

    /** Environment for the client processes (empty in path form). */
    public Map<String, String> nodeEnv() {
        return nodeEnv;
    }

    public InProcessGateway gateway() {
        return gateway;
    }

    /** The client as the gateway's registry holds it (what dynamic registration stored). */
    public Optional<RegisteredClient> registeredClient(String clientId) {
        return gateway.bean("clientRepository", ClientRepository.class).findById(clientId);
    }

    @Override
    public void close() {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } finally {
            gateway.close();
        }
    }
}
