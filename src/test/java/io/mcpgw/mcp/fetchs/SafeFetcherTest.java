package io.mcpgw.mcp.fetchs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SafeFetcher} against a local test site. The site is on loopback, so fetches that must succeed use a
 * policy with {@code allowPrivate}; the default policy must refuse the very same URLs.
 */
class SafeFetcherTest {
    static TestSite site;
    static final SafeFetcher.Limits LIMITS = new SafeFetcher.Limits(64 * 1024, Duration.ofSeconds(10),
            Duration.ofSeconds(5), 5, "fetchs-test");
    final SafeFetcher permissive = SafeFetcher.standard(new AddressPolicy(true));
    final SafeFetcher strict = SafeFetcher.standard(new AddressPolicy(false));

    @BeforeAll
    static void start() throws Exception {
        site = new TestSite();
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    @BeforeEach
    void clear() {
        site.requests.clear();
    }

    @Test
    void theHostHeaderCanBeSetInThisJvm() {
        assertThat(SafeFetcher.unavailable()).isEmpty();
    }

    @Test
    void fetchesFromAnAllowedAddress() throws Exception {
        SafeFetcher.Response r = permissive.fetch(URI.create(site.url("/text")), LIMITS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("0123456789abcdefghij");
        assertThat(r.truncated()).isFalse();
        assertThat(r.redirects()).isZero();
    }

    @Test
    void theDefaultPolicyRefusesTheSameLoopbackUrlWithoutConnecting() {
        assertThatThrownBy(() -> strict.fetch(URI.create(site.url("/text")), LIMITS))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("127.0.0.1 is a loopback address")
                .matches(e -> ((FetchException) e).refused());
        assertThat(site.requests).isEmpty();
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefused() {
        assertThatThrownBy(() -> strict.fetch(URI.create("http://localhost:" + site.port() + "/text"), LIMITS))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("localhost resolves to")
                .hasMessageContaining("loopback");
        assertThat(site.requests).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://127.9.9.9/", "http://[::1]/", "http://0.0.0.0/", "http://[::]/",
            "http://10.1.2.3/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.0.1/",
            "http://100.64.0.1/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:10.0.0.1]/", "http://[64:ff9b::7f00:1]/", "http://[2002:c0a8:101::1]/"})
    void privateAndLoopbackAddressesAreRefusedByDefault(String url) {
        assertThatThrownBy(() -> strict.fetch(URI.create(url), LIMITS))
                .isInstanceOf(FetchException.class)
                .matches(e -> ((FetchException) e).refused(), "refused")
                .hasMessageMatching(".*is a (loopback|unspecified \\(any-local\\)|private-network|shared \\(carrier-grade NAT\\)) address.*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://169.254.1.1/", "http://[fe80::1]/",
            "http://[::ffff:169.254.169.254]/", "http://[fd00:ec2::254]/", "http://100.100.100.200/",
            "http://169.254.170.2/", "http://224.0.0.1/", "http://[ff02::1]/", "http://255.255.255.255/",
            "http://240.0.0.1/", "http://0.1.2.3/", "http://192.0.0.192/", "http://metadata.google.internal/",
            "http://METADATA.google.internal./computeMetadata/v1/", "http://metadata/"})
    void linkLocalMetadataMulticastAndReservedAreRefusedEvenWhenPrivateIsAllowed(String url) {
        assertThatThrownBy(() -> permissive.fetch(URI.create(url), LIMITS))
                .isInstanceOf(FetchException.class)
                .matches(e -> ((FetchException) e).refused(), "refused")
                .hasMessageMatching(".*(link-local|cloud metadata|multicast|broadcast|reserved).*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/", "jar:file:/x!/y",
            "data:text/plain,hi", "HTTPX://example.org/"})
    void onlyHttpAndHttpsAreFetched(String url) {
        assertThatThrownBy(() -> permissive.fetch(SafeFetcher.parse(url), LIMITS))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("only http and https");
    }

    @Test
    void malformedAndRelativeUrlsAndCredentialsAreRejected() {
        assertThatThrownBy(() -> SafeFetcher.parse("http://exa mple.org/")).hasMessageContaining("malformed URL");
        assertThatThrownBy(() -> SafeFetcher.parse("/just/a/path")).hasMessageContaining("not an absolute URL");
        assertThatThrownBy(() -> permissive.fetch(URI.create("http://user:pw@127.0.0.1:" + site.port() + "/text"), LIMITS))
                .hasMessageContaining("credentials");
        assertThat(site.requests).isEmpty();
    }

    @Test
    void aRedirectToTheMetadataAddressIsRefusedAfterTheAllowedFirstHop() {
        String url = site.url("/redirect?to=http://169.254.169.254/latest/meta-data/iam/");
        assertThatThrownBy(() -> permissive.fetch(URI.create(url), LIMITS))
                .isInstanceOf(FetchException.class)
                .matches(e -> ((FetchException) e).refused(), "refused")
                .hasMessageContaining("169.254.169.254 is a cloud metadata address");
        assertThat(site.requests).hasSize(1);
    }

    @Test
    void redirectsToMetadataNamesAndOtherSchemesAreRefused() {
        assertThatThrownBy(() -> permissive.fetch(URI.create(site.url("/redirect?to=http://metadata.google.internal/")), LIMITS))
                .hasMessageContaining("metadata.google.internal is a cloud metadata service");
        assertThatThrownBy(() -> permissive.fetch(URI.create(site.url("/redirect?to=file:///etc/passwd")), LIMITS))
                .hasMessageContaining("only http and https");
    }

    @Test
    void fiveRedirectsAreFollowedAndTheSixthIsAnError() throws Exception {
        SafeFetcher.Response r = permissive.fetch(URI.create(site.url("/loop/5")), LIMITS);
        assertThat(r.redirects()).isEqualTo(5);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("end");
        assertThat(r.url().getPath()).isEqualTo("/loop/end");
        site.requests.clear();
        assertThatThrownBy(() -> permissive.fetch(URI.create(site.url("/loop/6")), LIMITS))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("too many redirects (more than 5)");
        assertThat(site.requests).hasSize(6);
    }

    @Test
    void aLargeBodyIsCutAtMaxBytes() throws Exception {
        SafeFetcher.Response r = permissive.fetch(URI.create(site.url("/big")), LIMITS);
        assertThat(r.body()).hasSize(64 * 1024);
        assertThat(r.truncated()).isTrue();
        SafeFetcher.Response exact = permissive.fetch(URI.create(site.url("/text")),
                new SafeFetcher.Limits(20, Duration.ofSeconds(5), Duration.ofSeconds(5), 5, "t"));
        assertThat(exact.body()).hasSize(20);
        assertThat(exact.truncated()).isFalse();
    }

    @Test
    void aBodyThatStallsEndsAtTheTotalTimeLimit() {
        SafeFetcher.Limits quick = new SafeFetcher.Limits(1024, Duration.ofMillis(700), Duration.ofSeconds(5), 5, "t");
        long start = System.nanoTime();
        assertThatThrownBy(() -> permissive.fetch(URI.create(site.url("/slow")), quick))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theConnectionGoesToTheVettedAddressWithTheNameInTheHostHeader() throws Exception {
        // pinned.test exists only in this resolver: had the HTTP client resolved the name again, the fetch would fail.
        AtomicInteger lookups = new AtomicInteger();
        SafeFetcher pinned = new SafeFetcher(new AddressPolicy(true), host -> {
            lookups.incrementAndGet();
            if (host.equals("pinned.test")) {
                return new InetAddress[]{InetAddress.getByName("127.0.0.1")};
            }
            throw new UnknownHostException(host);
        }, null);
        SafeFetcher.Response r = pinned.fetch(URI.create("http://pinned.test:" + site.port() + "/host"), LIMITS);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("host=pinned.test:" + site.port());
        assertThat(r.url().getHost()).isEqualTo("pinned.test");
        assertThat(lookups).hasValue(1);
    }

    @Test
    void oneRefusedAddressAmongSeveralRefusesTheHost() {
        SafeFetcher twoFaced = new SafeFetcher(new AddressPolicy(false), host -> new InetAddress[]{
                InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.7")}, null);
        assertThatThrownBy(() -> twoFaced.fetch(URI.create("http://two-faced.test/"), LIMITS))
                .hasMessageContaining("two-faced.test resolves to 10.0.0.7 is a private-network address");
    }

    @Test
    void unknownHostsFail() {
        SafeFetcher none = new SafeFetcher(new AddressPolicy(false), host -> {
            throw new UnknownHostException(host);
        }, null);
        assertThatThrownBy(() -> none.fetch(URI.create("http://nowhere.test/"), LIMITS))
                .matches(e -> !((FetchException) e).refused())
                .hasMessageContaining("cannot resolve host nowhere.test");
    }

    @Test
    void theCategoriesOfPublicAddresses() throws Exception {
        for (String a : List.of("93.184.215.14", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "172.32.0.1", "100.128.0.1",
                "[2001:4860:4860::8888]".replace("[", "").replace("]", ""))) {
            assertThat(AddressPolicy.categorize(InetAddress.getByName(a))).as(a).isEqualTo(AddressPolicy.Category.PUBLIC);
            assertThat(new AddressPolicy(false).refuse(InetAddress.getByName(a))).as(a).isEmpty();
        }
    }
}
