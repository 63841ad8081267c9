package io.mcpgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.RedisUrl;
import io.mcpgw.config.SettingsLoader;
import io.mcpgw.testsupport.OptionalProgram;
import io.mcpgw.testsupport.RequiresProgram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests of {@code deploy/k8s} (no cluster here): {@code kubectl kustomize} builds them,
 * {@code kubectl --local} decodes every object and the pod templates into their typed API structs (a wrong type, a bad
 * quantity fails; a broken copy proves it), and the structure the deployment promises: probes and resources on every
 * container, PodDisruptionBudgets, secrets only as mounted files, the scale-out variables, Traefik routes with the
 * compose priorities and no route to {@code /verify}, network policies keeping Redis and the gateway pods private,
 * and the gateway's own settings loader accepting each Deployment's environment.
 */
@RequiresProgram(OptionalProgram.KUBECTL)
class KubernetesManifestsTest {
    static final Path DIR = Path.of("deploy/k8s");
    static String built;
    static final Map<String, JsonNode> OBJECTS = new LinkedHashMap<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void build() throws Exception {
        Run kustomize = kubectl(List.of("kustomize", DIR.toString()), null);
        assertThat(kustomize.exit).as(kustomize.output).isZero();
        built = kustomize.output;
        try (MappingIterator<JsonNode> docs = DeploymentFiles.YAML.readerFor(JsonNode.class).readValues(built)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                OBJECTS.put(doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText(), doc);
            }
        }
    }

    @Test
    void everyObjectParsesClientSideAndLivesInTheGatewayNamespace() throws Exception {
        Path file = tmp.resolve("all.yaml");
        Files.writeString(file, built);
        Run label = kubectl(List.of("label", "--local", "-f", file.toString(), "checked=yes", "-o", "name"), null);
        assertThat(label.exit).as(label.output).isZero();
        assertThat(label.output.lines().toList()).contains("deployment.apps/auth", "deployment.apps/mcp-everything",
                "statefulset.apps/redis", "statefulset.apps/sentinel", "ingressroute.traefik.io/mcp-everything",
                "middleware.traefik.io/mcp-auth", "networkpolicy.networking.k8s.io/default-deny-ingress",
                "poddisruptionbudget.policy/auth");
        OBJECTS.forEach((name, doc) -> {
            if (!name.startsWith("Namespace/")) {
                assertThat(doc.path("metadata").path("namespace").asText()).as(name).isEqualTo("mcp-gateway");
            }
        });
    }

    @Test
    void thePodTemplatesDecodeIntoTheirTypedStructsAndABrokenOneDoesNot() throws Exception {
        String workloads = workloadsYaml();
        Path good = tmp.resolve("workloads.yaml");
        Files.writeString(good, workloads);
        Run typed = kubectl(List.of("set", "resources", "--local", "-f", good.toString(), "--requests=cpu=123m",
                "-o", "name"), null);
        assertThat(typed.exit).as(typed.output).isZero();
        assertThat(typed.output.lines().count()).isEqualTo(4);

        Path broken = tmp.resolve("broken.yaml");
        assertThat(workloads).contains("768Mi");
        Files.writeString(broken, workloads.replaceFirst("768Mi", "lots"));
        Run refused = kubectl(List.of("set", "resources", "--local", "-f", broken.toString(), "--requests=cpu=123m",
                "-o", "name"), null);
        assertThat(refused.exit).as("a bad quantity is refused: %s", refused.output).isNotZero();
    }

    @Test
    void everyContainerHasProbesAndResourcesAndEveryWorkloadAPodDisruptionBudget() {
        for (String name : List.of("Deployment/auth", "Deployment/mcp-everything", "StatefulSet/redis", "StatefulSet/sentinel")) {
            JsonNode spec = OBJECTS.get(name).path("spec").path("template").path("spec");
            for (JsonNode c : spec.path("containers")) {
                assertThat(c.has("readinessProbe")).as(name + " readiness").isTrue();
                assertThat(c.has("livenessProbe")).as(name + " liveness").isTrue();
                assertThat(c.path("resources").path("requests").has("memory")).as(name + " requests").isTrue();
                assertThat(c.path("resources").path("limits").has("memory")).as(name + " limits").isTrue();
                assertThat(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
            }
            String app = OBJECTS.get(name).path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText();
            assertThat(OBJECTS.values().stream().filter(o -> o.path("kind").asText().equals("PodDisruptionBudget"))
                    .anyMatch(p -> p.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name")
                            .asText().equals(app))).as(name + " has a PodDisruptionBudget").isTrue();
        }
        for (String gateway : List.of("Deployment/auth", "Deployment/mcp-everything")) {
            JsonNode c = OBJECTS.get(gateway).path("spec").path("template").path("spec").path("containers").get(0);
            assertThat(c.path("readinessProbe").path("httpGet").path("path").asText())
                    .as("ready = the metadata answers (503 while starting and draining)")
                    .isEqualTo("/.well-known/oauth-authorization-server");
            assertThat(c.path("lifecycle").path("preStop").isMissingNode()).isFalse();
        }
    }

    @Test
    void secretsAreMountedFilesNeverPlainValues() {
        assertThat(OBJECTS.keySet()).noneMatch(k -> k.startsWith("Secret/"));
        for (String name : List.of("Deployment/auth", "Deployment/mcp-everything")) {
            JsonNode c = OBJECTS.get(name).path("spec").path("template").path("spec").path("containers").get(0);
            for (JsonNode e : c.path("env")) {
                String var = e.path("name").asText();
                if (var.contains("SECRET") || var.contains("PASSWORD") || var.contains("PRIVATE_KEY")) {
                    assertThat(var).as(name).endsWith("_FILE");
                    assertThat(e.path("value").asText()).startsWith("/run/secrets/");
                }
            }
        }
        JsonNode config = OBJECTS.get("ConfigMap/gateway-config").path("data");
        config.fieldNames().forEachRemaining(k -> assertThat(k).doesNotContain("SECRET").doesNotEndWith("PASSWORD"));
    }

    @Test
    void theMcpReplicasAdvertiseTheirPodAddressAndShareTheClusterSecret() {
        JsonNode c = OBJECTS.get("Deployment/mcp-everything").path("spec").path("template").path("spec").path("containers").get(0);
        Map<String, JsonNode> env = env(c);
        assertThat(env.get("POD_IP").path("valueFrom").path("fieldRef").path("fieldPath").asText()).isEqualTo("status.podIP");
        assertThat(env.get("GATEWAY_INTERNAL_URL").path("value").asText()).isEqualTo("http://$(POD_IP):8080");
        assertThat(env.get("GATEWAY_CLUSTER_SECRET_FILE").path("value").asText()).isEqualTo("/run/secrets/gateway/cluster-secret");
        assertThat(OBJECTS.get("Deployment/mcp-everything").path("spec").path("replicas").asInt()).isGreaterThan(1);
        assertThat(RedisUrl.parse(OBJECTS.get("ConfigMap/gateway-config").path("data").path("REDIS_URL").asText()).sentinel())
                .isTrue();
    }

    /** The gateway's own start-up validation accepts each Deployment's environment (ConfigMap + env + secret files). */
    @Test
    void theSettingsLoaderAcceptsEachDeploymentsEnvironment() throws Exception {
        Files.writeString(tmp.resolve("password"), "redis-password-0123456789");
        Files.writeString(tmp.resolve("cluster-secret"), "0123456789abcdef0123456789abcdef");
        Files.writeString(tmp.resolve("github-client-secret"), "gh-secret");
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Files.writeString(tmp.resolve("jwt-private-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        for (String name : List.of("Deployment/auth", "Deployment/mcp-everything")) {
            Map<String, String> vars = new HashMap<>();
            OBJECTS.get("ConfigMap/gateway-config").path("data").fields()
                    .forEachRemaining(f -> vars.put(f.getKey(), f.getValue().asText()));
            JsonNode c = OBJECTS.get(name).path("spec").path("template").path("spec").path("containers").get(0);
            env(c).forEach((k, v) -> vars.put(k, v.has("value") ? v.path("value").asText()
                    : k.equals("POD_IP") ? "10.42.0.7" : "Iv1.client-id"));
            vars.replaceAll((k, v) -> v.replace("$(POD_IP)", vars.getOrDefault("POD_IP", ""))
                    .replaceAll("^/run/secrets/[a-z]+/", tmp.toString() + "/"));
            Set<String> known = new TreeSet<>(io.mcpgw.config.EnvVars.ALL);
            vars.keySet().stream().filter(k -> k.endsWith("_FILE")).forEach(known::add);
            known.addAll(List.of("JAVA_TOOL_OPTIONS", "POD_IP"));
            assertThat(known).as(name + " sets only variables the gateway knows").containsAll(vars.keySet());
            GatewaySettings settings = SettingsLoader.load(vars, tmp);
            assertThat(settings.redis()).isPresent();
            if (name.endsWith("mcp-everything")) {
                assertThat(settings.scaleOut().orElseThrow().internalUrl()).isEqualTo("http://10.42.0.7:8080");
            }
        }
    }

    @Test
    void traefikRoutesMatchComposePrioritiesAndNothingRoutesToVerifyOrHealth() {
        Map<Integer, List<JsonNode>> byPriority = new HashMap<>();
        for (String name : List.of("IngressRoute/auth", "IngressRoute/mcp-everything")) {
            for (JsonNode route : OBJECTS.get(name).path("spec").path("routes")) {
                byPriority.computeIfAbsent(route.path("priority").asInt(), p -> new ArrayList<>()).add(route);
                String match = route.path("match").asText();
                assertThat(match).doesNotContain("/verify").doesNotContain("/health").doesNotContain("/login");
                boolean protectedRoute = route.path("priority").asInt() <= 2;
                assertThat(route.path("middlewares").toString().contains("\"mcp-auth\"")).as(match).isEqualTo(protectedRoute);
            }
        }
        assertThat(byPriority.keySet()).containsExactlyInAnyOrder(10, 4, 2, 1);
        assertThat(byPriority.get(10)).allMatch(r -> r.path("match").asText().contains("PathPrefix(`/.well-known/`)"));
        assertThat(byPriority.get(2).get(0).path("match").asText()).contains("PathPrefix(`/mcp`)");
        JsonNode forwardAuth = OBJECTS.get("Middleware/mcp-auth").path("spec").path("forwardAuth");
        assertThat(forwardAuth.path("address").asText()).endsWith(":8080/verify").contains("auth.mcp-gateway.svc");
        assertThat(forwardAuth.path("trustForwardHeader").asBoolean()).isTrue();
        String compose = DeploymentFiles.text(DeploymentFiles.MIDDLEWARES); // a Go template: compared as text
        for (String header : List.of("X-User-Id", "X-User-Name", "X-User-Email", "X-Client-Id")) {
            assertThat(forwardAuth.path("authResponseHeaders").toString()).contains("\"" + header + "\"");
            assertThat(compose).contains("- " + header);
        }
        assertThat(forwardAuth.path("authRequestHeaders").toString()).isEqualTo("[\"Authorization\",\"Accept\"]");
    }

    @Test
    void networkPoliciesDenyByDefaultAndKeepRedisAndTheGatewayPodsPrivate() {
        JsonNode deny = OBJECTS.get("NetworkPolicy/default-deny-ingress").path("spec");
        assertThat(deny.path("podSelector").size()).isZero();
        assertThat(deny.path("ingress").isMissingNode() || deny.path("ingress").isEmpty()).isTrue();
        JsonNode redis = OBJECTS.get("NetworkPolicy/redis-private").path("spec");
        assertThat(redis.path("ingress").get(0).path("from").toString()).doesNotContain("namespaceSelector")
                .doesNotContain("ipBlock").contains("mcp-gateway/redis-client");
        for (String name : List.of("Deployment/auth", "Deployment/mcp-everything")) {
            assertThat(OBJECTS.get(name).path("spec").path("template").path("metadata").path("labels")
                    .path("mcp-gateway/redis-client").asText()).isEqualTo("true");
        }
        JsonNode traefik = OBJECTS.get("NetworkPolicy/traefik-to-gateway").path("spec");
        assertThat(traefik.path("ingress").get(0).path("from").toString()).contains("traefik").doesNotContain("ipBlock");
        JsonNode hop = OBJECTS.get("NetworkPolicy/mcp-forwarding-hop").path("spec");
        assertThat(hop.path("podSelector").toString()).contains("mcp-service");
        assertThat(hop.path("ingress").get(0).path("from").toString()).contains("mcp-service");
    }

    // --- helpers ---

    static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    static String workloadsYaml() throws IOException {
        StringBuilder out = new StringBuilder();
        for (JsonNode doc : OBJECTS.values()) {
            String kind = doc.path("kind").asText();
            if (kind.equals("Deployment") || kind.equals("StatefulSet")) {
                String yaml = DeploymentFiles.YAML.writeValueAsString(doc);
                out.append(yaml.startsWith("---") ? "" : "---\n").append(yaml).append(yaml.endsWith("\n") ? "" : "\n");
            }
        }
        return out.toString();
    }

    record Run(int exit, String output) {
    }

    static Run kubectl(List<String> args, String stdin) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(OptionalProgram.KUBECTL.executable().toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("KUBECONFIG", "/dev/null");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), output);
    }
}
