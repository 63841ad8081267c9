package io.mcpgw.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.access.UserRevocations;
import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.SettingsLoader;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.session.SessionDirectory;
import io.mcpgw.oauth.UserIdentity;
import io.mcpgw.oauth.client.ClientRegistrationService;
import io.mcpgw.oauth.client.StoreClientRepository;
import io.mcpgw.oauth.token.AccessTokenRecord;
import io.mcpgw.oauth.token.AccessTokenValidator;
import io.mcpgw.oauth.token.Grant;
import io.mcpgw.oauth.token.GrantStore;
import io.mcpgw.oauth.token.RefreshTokenRecord;
import io.mcpgw.oauth.token.SigningKeys;
import io.mcpgw.oauth.token.StoreClientGrantsRevoker;
import io.mcpgw.oauth.token.ValidatedAccessToken;
import io.mcpgw.store.StateStore;
import io.mcpgw.testsupport.GitHubStandIn;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code admin} command against a {@link StateStore}; each store runs it through a subclass. Data is made by the
 * gateway's own classes (registration service, grant store), commands run through {@link AdminCli} as the launcher
 * runs them, and each test checks the output, the exit code and the store afterwards.
 */
abstract class AdminCommandsContract {
    static final String ALICE = "local-alice";
    static final String BOB = "local-bob";

    protected StateStore store;
    protected GatewaySettings settings;
    protected GrantStore grants;
    protected ClientRegistrationService registration;
    protected final Clock clock = Clock.systemUTC();
    @TempDir
    Path dir;

    protected abstract StateStore newStore();

    /** A second, empty store of the same kind (restore target). */
    protected abstract StateStore newEmptyStore();

    record Result(int exit, String out, String err) {
        JsonNode json() {
            return Json.read(out, JsonNode.class);
        }
    }

    @BeforeEach
    void setUp() {
        store = newStore();
        settings = settings(Map.of());
        grants = new GrantStore(store, settings.accessTokenLifetime(), settings.refreshTokenLifetime());
        registration = new ClientRegistrationService(new StoreClientRepository(store, settings.clientLifetime()), store,
                settings.issuer(), settings.clientLifetime(), 0, new StoreClientGrantsRevoker(grants), clock);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static GatewaySettings settings(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("GATEWAY_PORT", "8080", "GATEWAY_ADMIN_FILE", "off"));
        env.putAll(extra);
        return SettingsLoader.load(env);
    }

    Result run(String... args) {
        return run(store, settings, "", args);
    }

    Result run(StateStore on, GatewaySettings with, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AdminContext ctx = new AdminContext(on, with, clock, Optional.empty(), null,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        int exit = AdminCli.run(ctx, args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    String registerClient(String name) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("redirect_uris").add("http://127.0.0.1:5555/" + name);
        body.put("token_endpoint_auth_method", "none");
        body.put("client_name", name);
        body.putArray("grant_types").add("authorization_code").add("refresh_token");
        return registration.register(body, "127.0.0.1").client().clientId();
    }

    /** A grant of {@code user} to {@code clientId} with one access token record and one refresh token. */
    Grant grant(String user, String clientId) {
        Grant g = new Grant("g-" + java.util.UUID.randomUUID(), clientId,
                new UserIdentity(user, user.substring(6), null, null), "mcp:tools",
                List.of("http://localhost:8080/everything/mcp"), clock.instant().getEpochSecond());
        grants.save(g);
        grants.recordAccessToken("jti-" + g.grantId(), new AccessTokenRecord(g.grantId(), clientId, user,
                clock.instant().getEpochSecond() + 3600));
        grants.issueRefreshToken(new RefreshTokenRecord(g.grantId(), clientId, user, user, 0,
                clock.instant().getEpochSecond() + 3600));
        return g;
    }

    Set<String> gatewayKeys() {
        return store.keys("oauth:");
    }

    // ---- clients ---------------------------------------------------------------------------------------------

    @Test
    void clientsListShowsEveryRegisteredClientFromTheIndex() {
        String a = registerClient("alpha");
        String b = registerClient("beta");

        Result table = run("clients", "list");
        Result json = run("clients", "list", "--json");

        assertThat(table.exit()).isZero();
        assertThat(table.out()).contains("CLIENT_ID", a, b, "alpha", "beta");
        assertThat(json.exit()).isZero();
        assertThat(json.json().findValuesAsText("client_id")).containsExactlyInAnyOrder(a, b);
        assertThat(json.out()).doesNotContain("registration_access_token", "Hash");
    }

    @Test
    void clientsShowPrintsTheClientAndItsGrants() {
        String a = registerClient("alpha");
        Grant g = grant(ALICE, a);

        Result shown = run("clients", "show", a, "--json");

        assertThat(shown.exit()).isZero();
        assertThat(shown.json().path("client_name").asText()).isEqualTo("alpha");
        assertThat(shown.json().path("grants").findValuesAsText("grant_id")).containsExactly(g.grantId());
        assertThat(run("clients", "show", a).out()).contains("alpha", g.grantId());
    }

    @Test
    void clientsDeleteRemovesTheClientAndRevokesItsGrantsOtherClientsIntact() {
        String a = registerClient("alpha");
        String b = registerClient("beta");
        Grant ga = grant(ALICE, a);
        Grant gb = grant(ALICE, b);

        Result deleted = run("clients", "delete", a);

        assertThat(deleted.exit()).isZero();
        assertThat(deleted.out()).contains("deleted client " + a, "1 grant");
        assertThat(run("clients", "show", a).exit()).isEqualTo(AdminExit.NOT_FOUND);
        assertThat(grants.find(ga.grantId())).isEmpty();
        assertThat(grants.accessTokenExists("jti-" + ga.grantId())).isFalse();
        assertThat(grants.find(gb.grantId())).isPresent();
        assertThat(run("clients", "list", "--json").json().findValuesAsText("client_id")).containsExactly(b);
    }

    @Test
    void clientsUnknownIdIsRefusedWithExitOneAndChangesNothing() {
        String a = registerClient("alpha");
        Set<String> before = gatewayKeys();

        Result show = run("clients", "show", "mcp_nope");
        Result delete = run("clients", "delete", "mcp_nope");
        Result control = run("clients", "show", "bad\u0007id");

        assertThat(show.exit()).isEqualTo(AdminExit.NOT_FOUND);
        assertThat(show.err()).contains("no client mcp_nope");
        assertThat(delete.exit()).isEqualTo(AdminExit.NOT_FOUND);
        assertThat(control.err()).doesNotContain("\u0007");
        assertThat(gatewayKeys()).isEqualTo(before);
        assertThat(run("clients", "show", a).exit()).isZero();
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertThat(run("nonsense").exit()).isEqualTo(AdminExit.BAD_INPUT);
        Result bogus = run("clients", "list", "--bogus");
        assertThat(bogus.exit()).isEqualTo(AdminExit.BAD_INPUT);
        assertThat(bogus.err()).contains("--bogus", "run 'admin clients list --help'");
        Result help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("clients", "grants", "revoke", "sessions", "stats", "keys", "backup",
                "restore", "check-github", "token");
    }

    // ---- grants ------------------------------------------------------------------------------------------------

    @Test
    void grantsListShowsOnlyThatUsersGrantsFromTheUserIndex() {
        String a = registerClient("alpha");
        Grant g1 = grant(ALICE, a);
        Grant g2 = grant(ALICE, a);
        grant(BOB, a);

        Result listed = run("grants", "list", "--user", ALICE, "--json");

        assertThat(listed.exit()).isZero();
        assertThat(listed.json().findValuesAsText("grant_id")).containsExactlyInAnyOrder(g1.grantId(), g2.grantId());
        assertThat(run("grants", "list", "--user", ALICE).out()).contains("GRANT_ID", g1.grantId(), a);
    }

    @Test
    void grantsListOfUnknownOrMalformedUserFails() {
        Result unknown = run("grants", "list", "--user", "local-nobody");
        Result spaces = run("grants", "list", "--user", "a b");
        Result missing = run("grants", "list");

        assertThat(unknown.exit()).isEqualTo(AdminExit.NOT_FOUND);
        assertThat(unknown.err()).contains("no live grants for user local-nobody");
        assertThat(spaces.exit()).isEqualTo(AdminExit.BAD_INPUT);
        assertThat(missing.exit()).isEqualTo(AdminExit.BAD_INPUT);
        assertThat(missing.err()).contains("--user");
    }

    // ---- revoke --------------------------------------------------------------------------------------------------

    @Test
    void revokeUserRemovesEveryGrantAndTokenAndMarksTheUserOtherUsersIntact() {
        String a = registerClient("alpha");
        String b = registerClient("beta");
        Grant g1 = grant(ALICE, a);
        Grant g2 = grant(ALICE, b);
        Grant bobs = grant(BOB, a);
        long issuedBefore = clock.instant().getEpochSecond();

        Result revoked = run("revoke", "--user", ALICE, "--reason", "laptop stolen");

        assertThat(revoked.exit()).isZero();
        assertThat(revoked.out()).contains("revoked user " + ALICE, "2 grant(s)");
        for (Grant g : List.of(g1, g2)) {
            assertThat(grants.find(g.grantId())).isEmpty();
            assertThat(grants.accessTokenExists("jti-" + g.grantId())).isFalse();
        }
        assertThat(store.keys("oauth:refresh:")).hasSize(1); // bob's only
        assertThat(grants.find(bobs.grantId())).isPresent();
        UserRevocations elsewhere = new UserRevocations(store, clock, Duration.ofHours(1), Duration.ofMillis(1));
        assertThat(elsewhere.revokedSince(ALICE, issuedBefore)).isTrue();
        assertThat(elsewhere.revokedSince(BOB, issuedBefore)).isFalse();
        assertThat(run("grants", "list", "--user", ALICE).exit()).isEqualTo(AdminExit.NOT_FOUND);
    }

    @Test
    void revokeUnknownUserIsRefusedAndWritesNoMarkerUnlessForced() {
        registerClient("alpha");
        Set<String> before = gatewayKeys();

        Result unknown = run("revoke", "--user", "local-nobody");

        assertThat(unknown.exit()).isEqualTo(AdminExit.NOT_FOUND);
        assertThat(unknown.err()).contains("no grant or live session of user local-nobody");
        assertThat(gatewayKeys()).isEqualTo(before);
        assertThat(run("revoke", "--user", "local-nobody", "--force").exit()).isZero();
        assertThat(store.get("oauth:user_revoked:local-nobody")).isPresent();
        assertThat(run("revoke").exit()).isEqualTo(AdminExit.BAD_INPUT);
        assertThat(run("revoke", "--user", ALICE, "--client", "x").exit()).isEqualTo(AdminExit.BAD_INPUT);
    }

    @Test
    void revokeClientRevokesItsGrantsButKeepsTheRegistration() {
        String a = registerClient("alpha");
        String b = registerClient("beta");
        Grant ga = grant(ALICE, a);
        Grant gb = grant(ALICE, b);

        Result revoked = run("revoke", "--client", a, "--json");
        Result unknown = run("revoke", "--client", "mcp_nope");

        assertThat(revoked.exit()).isZero();
        assertThat(revoked.json().path("grants_revoked").asInt()).isEqualTo(1);
        assertThat(grants.find(ga.grantId())).isEmpty();
        assertThat(grants.find(gb.grantId())).isPresent();
        assertThat(run("clients", "show", a).exit()).isZero();
        assertThat(unknown.exit()).isEqualTo(AdminExit.NOT_FOUND);
    }

    // ---- sessions, stats ---------------------------------------------------------------------------------------

    @Test
    void sessionsListShowsTheRecordsOfEveryReplicaShortened() {
        long now = clock.instant().getEpochSecond();
        store.put("oauth:mcp_session:0123456789abcdef", Json.write(new SessionDirectory.Record("0123456789abcdef",
                ALICE, "everything", "host-a/1", now, now)), Duration.ofMinutes(1));
        store.put("oauth:mcp_session:fedcba9876543210", Json.write(new SessionDirectory.Record("fedcba9876543210",
                BOB, "memory", "host-b/2", now, now)), Duration.ofMinutes(1));

        Result all = run("sessions", "list");
        Result alices = run("sessions", "list", "--user", ALICE, "--json");

        assertThat(all.exit()).isZero();
        assertThat(all.out()).contains("01234567…", "fedcba98…", "host-a/1", "memory").doesNotContain("0123456789abcdef");
        assertThat(alices.json().findValuesAsText("user")).containsExactly(ALICE);
    }

    @Test
    void statsCountsRecordsByKind() {
        String a = registerClient("alpha");
        grant(ALICE, a);
        grant(BOB, a);

        Result stats = run("stats", "--json");

        assertThat(stats.exit()).isZero();
        assertThat(stats.json().path("clients").asInt()).isEqualTo(1);
        assertThat(stats.json().path("grants").asInt()).isEqualTo(2);
        assertThat(stats.json().path("access_tokens").asInt()).isEqualTo(2);
        assertThat(stats.json().path("refresh_tokens").asInt()).isEqualTo(2);
        assertThat(stats.json().path("store").asText()).isEqualTo(store.describe());
        assertThat(run("stats").out()).contains("WHAT", "clients");
    }

    // ---- keys -------------------------------------------------------------------------------------------------

    @Test
    void keysRotateListAndRetire() {
        Result first = run("keys", "rotate");
        Result second = run("keys", "rotate", "--json");
        String oldKid = first.out().replace("current signing key:", "").strip();
        String newKid = second.json().path("current_kid").asText();

        Result list = run("keys", "list", "--json");

        assertThat(first.exit()).isZero();
        assertThat(list.json().findValuesAsText("kid")).containsExactly(newKid, oldKid);
        assertThat(list.json().get(0).path("state").asText()).isEqualTo("current");
        assertThat(list.out()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
        Result retireCurrent = run("keys", "retire", newKid);
        assertThat(retireCurrent.exit()).isEqualTo(AdminExit.BAD_INPUT);
        assertThat(retireCurrent.err()).contains("rotate first");
        assertThat(run("keys", "retire", "no-such-kid").exit()).isEqualTo(AdminExit.NOT_FOUND);
        assertThat(run("keys", "retire", "-kid-that-looks-like-an-option").exit()).as("kids may start with '-'")
                .isEqualTo(AdminExit.NOT_FOUND);
        assertThat(run("keys", "retire", oldKid).exit()).isZero();
        assertThat(SigningKeys.describe(store)).extracting(SigningKeys.KeyInfo::kid).containsExactly(newKid);
    }

    // ---- backup / restore --------------------------------------------------------------------------------------

    @Test
    void backupThenRestoreIntoAnEmptyStoreKeepsEveryRecordAndItsRemainingTtl() throws Exception {
        String a = registerClient("alpha");
        grant(ALICE, a);
        run("keys", "rotate");
        store.put("oauth:code:short", "x", Duration.ofSeconds(40));
        Path file = dir.resolve("backup.json");

        Result backup = run("backup", file.toString());

        assertThat(backup.exit()).isZero();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Map<String, Optional<Duration>> ttls = new TreeMap<>();
        gatewayKeys().forEach(k -> ttls.put(k, store.ttl(k)));
        try (StateStore fresh = newEmptyStore()) {
            Result restored = run(fresh, settings, "", "restore", file.toString());

            assertThat(restored.exit()).as(restored.err()).isZero();
            assertThat(fresh.keys("oauth:")).isEqualTo(ttls.keySet());
            ttls.forEach((key, ttl) -> {
                Duration after = fresh.ttl(key).orElseThrow();
                if (ttl.orElseThrow().equals(StateStore.ETERNAL)) {
                    assertThat(after).as(key).isEqualTo(StateStore.ETERNAL);
                } else if (!key.startsWith("oauth:client_index") && !key.contains("_grants:")) {
                    assertThat(after).as(key).isBetween(ttl.get().minusSeconds(1), ttl.get().plusSeconds(1));
                }
            });
            assertThat(fresh.ttl("oauth:code:short").orElseThrow()).isBetween(Duration.ofSeconds(38),
                    Duration.ofSeconds(40));
            assertThat(fresh.get("oauth:client:" + a)).isEqualTo(store.get("oauth:client:" + a));
            assertThat(fresh.members("oauth:user_grants:" + ALICE)).isEqualTo(store.members("oauth:user_grants:" + ALICE));
        }
    }

    @Test
    void restoreRefusesBadFilesAndLeavesTheStoreIntact() throws Exception {
        String a = registerClient("alpha");
        Path good = dir.resolve("good.json");
        assertThat(run("backup", good.toString()).exit()).isZero();
        ObjectNode newer = (ObjectNode) Json.read(Files.readString(good), JsonNode.class);
        newer.put("version", 2);
        Path newerFile = Files.writeString(dir.resolve("newer.json"), Json.write(newer));
        Path truncated = Files.writeString(dir.resolve("truncated.json"),
                Files.readString(good).substring(0, Files.readString(good).length() / 2));
        Path foreign = Files.writeString(dir.resolve("foreign.json"), "{\"format\":\"other\",\"version\":1}");
        Path badEntry = Files.writeString(dir.resolve("bad-entry.json"), "{\"format\":\"mcp-oauth-gateway-backup\","
                + "\"version\":1,\"entries\":[{\"key\":\"oauth:x\",\"type\":\"string\",\"value\":\"v\","
                + "\"expires_at_ms\":null},{\"key\":\"not-ours\",\"type\":\"string\",\"value\":\"v\"}]}");

        try (StateStore fresh = newEmptyStore()) {
            Map<Path, String> expected = Map.of(newerFile, "newer than this gateway reads", truncated, "not valid JSON",
                    foreign, "not a backup of this gateway", badEntry, "entry 1", dir.resolve("missing.json"),
                    "no file");
            expected.forEach((file, message) -> {
                Result r = run(fresh, settings, "", "restore", file.toString());
                assertThat(r.exit()).as(file.toString()).isEqualTo(AdminExit.BAD_INPUT);
                assertThat(r.err()).as(file.toString()).contains(message).doesNotContain("Exception", "\tat ");
                assertThat(fresh.keys("oauth:")).as("nothing written for " + file).isEmpty();
            });
            Result stdin = run(fresh, settings, Files.readString(good), "restore", "-");
            assertThat(stdin.exit()).as(stdin.err()).isZero();
        }
        Set<String> before = gatewayKeys();
        Result notEmpty = run("restore", good.toString());
        assertThat(notEmpty.exit()).isEqualTo(AdminExit.BAD_INPUT);
        assertThat(notEmpty.err()).contains("already holds");
        assertThat(gatewayKeys()).isEqualTo(before);
        assertThat(run("restore", "--force", good.toString()).exit()).isZero();
        assertThat(run("clients", "show", a).exit()).isZero();
    }

    // ---- check-github ------------------------------------------------------------------------------------------

    @Test
    void checkGitHubAcceptsGoodCredentialsAndNamesBadCredentialsOrAWrongCallback() throws Exception {
        try (GitHubStandIn github = new GitHubStandIn("gh-id", "gh-secret")) {
            GatewaySettings good = settings(Map.of("GITHUB_CLIENT_ID", "gh-id", "GITHUB_CLIENT_SECRET", "gh-secret",
                    "GITHUB_OAUTH_URL", github.url(), "GITHUB_API_URL", github.url(), "ALLOWED_GITHUB_USERS", "*"));
            GatewaySettings badSecret = settings(Map.of("GITHUB_CLIENT_ID", "gh-id", "GITHUB_CLIENT_SECRET", "wrong-one",
                    "GITHUB_OAUTH_URL", github.url(), "GITHUB_API_URL", github.url(), "ALLOWED_GITHUB_USERS", "*"));
            github.registeredCallback("http://localhost:8080/callback");

            Result ok = run(store, good, "", "check-github");
            Result wrongSecret = run(store, badSecret, "", "check-github");
            github.registeredCallback("https://auth.example.com/callback");
            Result wrongCallback = run(store, good, "", "check-github", "--json");
            Result notConfigured = run("check-github");

            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("credentials (GITHUB_CLIENT_ID gh-id): ok",
                    "callback URL http://localhost:8080/callback: ok");
            assertThat(wrongSecret.exit()).isEqualTo(AdminExit.CHECK_FAILED);
            assertThat(wrongSecret.err()).contains("GitHub rejected the client id or secret");
            assertThat(wrongCallback.exit()).isEqualTo(AdminExit.CHECK_FAILED);
            assertThat(wrongCallback.json().path("callback").asText()).isEqualTo("rejected");
            assertThat(wrongCallback.err()).contains("Authorization callback URL");
            assertThat(notConfigured.exit()).isEqualTo(AdminExit.BAD_INPUT);
            for (Result r : List.of(ok, wrongSecret, wrongCallback)) {
                assertThat(r.out() + r.err()).doesNotContain("gh-secret", "wrong-one");
            }
        }
    }

    // ---- token -------------------------------------------------------------------------------------------------

    @Test
    void tokenIssuesAValidTokenForTheServiceAndPrintsASnippetRevokedWithTheUser() {
        String a = registerClient("alpha");
        grant(ALICE, a);

        Result issued = run("token", "--user", ALICE, "--service", "everything");
        Result json = run("token", "--user", ALICE, "--service", "everything", "--json");

        assertThat(issued.exit()).as(issued.err()).isZero();
        assertThat(issued.out()).contains("export MCP_URL='http://localhost:8080/everything/mcp'",
                "Authorization: Bearer $MCP_TOKEN", "\"mcpServers\"");
        String token = json.json().path("access_token").asText();
        SigningKeys keys = new SigningKeys(store, Optional.empty(), clock);
        AccessTokenValidator validator = new AccessTokenValidator(keys, grants, settings.issuer(), clock);
        ValidatedAccessToken t = validator.validate(token, "http://localhost:8080/everything/mcp");
        assertThat(t.subject()).isEqualTo(ALICE);
        assertThat(t.username()).isEqualTo("alice");
        assertThat(t.scopes()).containsExactly("mcp:tools");
        assertThat(run("revoke", "--user", ALICE).exit()).isZero();
        assertThat(grants.accessTokenExists(t.jti())).isFalse();
        assertThat(run("token", "--user", ALICE, "--service", "Bad/Name").exit()).isEqualTo(AdminExit.BAD_INPUT);
    }
}
