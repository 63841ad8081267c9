package io.mcpgw.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;

import io.mcpgw.config.RedisUrl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link StateStore} on Redis 6.2 or newer through one shared, thread-safe Lettuce connection.
 *
 * <p>Rules it enforces:
 * <ul>
 *   <li>Start-up never hangs: the constructor connects within {@link Options#connectTimeout} or throws
 *       {@link StoreUnavailableException} ({@code cannot reach Redis at redis://host:port/db: connection refused}).</li>
 *   <li>Fail fast, recover alone: while the connection is down commands are rejected at once (no queueing),
 *       each command gives up after {@link Options#commandTimeout}, and Lettuce reconnects in the background
 *       (at most {@link Options#maxReconnectDelay} between attempts), so the same instance works again once
 *       Redis is back.</li>
 *   <li>Every Lettuce failure becomes {@link StoreUnavailableException} (HTTP 503), except a key used as the
 *       wrong kind ({@code WRONGTYPE}, non-integer counter), which is a bug and becomes
 *       {@link IllegalStateException}. No message contains the password.</li>
 *   <li>Multi-step writes are atomic on the server: {@code GETDEL} for take, {@code SET NX} for putIfAbsent,
 *       Lua scripts for the first-increment window and the set-expiry extension.</li>
 *   <li>With Redis Sentinel ({@code redis-sentinel://…#master}) the master is looked up through the Sentinels at every
 *       (re)connect, so a failover is followed without a restart; and a write returns only once a replica holds it
 *       too ({@code WAIT 1}), so a failover loses no acknowledged write. When no replica acknowledges within
 *       {@link #REPLICA_WAIT}, the write still counts (the master has it) and the store stops waiting for
 *       {@link #DEGRADED_PAUSE}, logging it: durability is then the master's own (AOF, {@code appendfsync everysec}).</li>
 *   <li>With Redis Cluster ({@code redis-cluster://seed,seed…}) each command goes to the master of its key's slot (the
 *       topology is refreshed on redirects and every 30 s); every operation touches one key, so no hash tags are
 *       needed, and {@link #keys} scans every master.</li>
 * </ul>
 */
public final class RedisStateStore implements StateStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisStateStore.class);

    /**
     * Network tunables.
     *
     * @param commandTimeout    how long one command may take before it fails
     * @param connectTimeout    how long opening a TCP connection may take
     * @param maxReconnectDelay longest pause between background reconnect attempts
     */
    public record Options(Duration commandTimeout, Duration connectTimeout, Duration maxReconnectDelay) {
        public static final Options DEFAULTS =
                new Options(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1));

        public Options {
            Ttls.requirePositive(commandTimeout, "commandTimeout");
            Ttls.requirePositive(connectTimeout, "connectTimeout");
            Ttls.requirePositive(maxReconnectDelay, "maxReconnectDelay");
        }
    }

    /** INCR; the increment that creates the counter (value 1) starts its window. */
    private static final String INCREMENT_SCRIPT =
            "local v = redis.call('INCR', KEYS[1]) "
            + "if v == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
            + "return v";

    /** SADD; a new set gets the TTL, an existing one keeps max(remaining, TTL) (an eternal one stays eternal). */
    private static final String ADD_TO_SET_SCRIPT =
            "local existed = redis.call('EXISTS', KEYS[1]) "
            + "redis.call('SADD', KEYS[1], ARGV[1]) "
            + "local ttl = tonumber(ARGV[2]) "
            + "local remaining = redis.call('PTTL', KEYS[1]) "
            + "if existed == 0 or (remaining >= 0 and remaining < ttl) then redis.call('PEXPIRE', KEYS[1], ttl) end "
            + "return 1";

    private static final int SCAN_BATCH = 1000;
    static final Duration REPLICA_WAIT = Duration.ofMillis(500);
    static final Duration DEGRADED_PAUSE = Duration.ofSeconds(5);

    private final boolean waitForReplica;
    private volatile long degradedUntilNanos = System.nanoTime();

    private final RedisURI uri;
    private final String description;
    private final Optional<String> password;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> redis;
    /** The same connection's asynchronous commands: {@link #writeAll} and {@link #getAll} pipeline through it. */
    private final io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, String> async;
    private final Duration commandTimeout;
    private final LuaScript increment;
    private final LuaScript addToSet;

    /** Connects with {@link Options#DEFAULTS}; see {@link #RedisStateStore(RedisUrl, Options)}. */
    public RedisStateStore(RedisUrl url) {
        this(url, Options.DEFAULTS);
    }

    /**
     * Connects to {@code url} ({@code redis://[[user]:password@]host:port[/db]} or {@code rediss://} text) with
     * {@code password} when the URL has none.
     *
     * @throws IllegalArgumentException   when the URL cannot be parsed (message without the password)
     * @throws StoreUnavailableException when Redis cannot be reached or rejects the credentials
     */
    public RedisStateStore(String url, Optional<String> password) {
        this(RedisUrl.parse(url).orPassword(Objects.requireNonNull(password, "password")), Options.DEFAULTS);
    }

    /**
     * Connects as the URL's ACL user (the default user when it names none) with its password.
     *
     * @throws StoreUnavailableException when Redis cannot be reached or rejects the credentials
     */
    public RedisStateStore(RedisUrl url, Options options) {
        this.uri = RedisURI.create(url.cluster() ? "redis://" + url.url().substring("redis-cluster://".length())
                .split(",")[0] : url.url());
        url.username().ifPresent(uri::setUsername);
        url.password().ifPresent(uri::setPassword);
        this.password = url.password();
        this.waitForReplica = url.sentinel();
        this.description = url.sentinel() || url.cluster() ? url.url()
                : (uri.isSsl() ? "rediss" : "redis") + "://" + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
        this.uri.setTimeout(options.commandTimeout());
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), options.maxReconnectDelay(), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        ClientOptions.DisconnectedBehavior reject = ClientOptions.DisconnectedBehavior.REJECT_COMMANDS;
        TimeoutOptions timeouts = TimeoutOptions.enabled(options.commandTimeout());
        SocketOptions sockets = SocketOptions.builder().connectTimeout(options.connectTimeout()).build();
        if (url.cluster()) {
            RedisClusterClient cluster = RedisClusterClient.create(resources, seeds(url, options));
            cluster.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true).disconnectedBehavior(reject).timeoutOptions(timeouts).socketOptions(sockets)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .enablePeriodicRefresh(Duration.ofSeconds(30))
                            .build())
                    .build());
            this.client = cluster;
            this.connection = connectCluster(cluster);
            this.redis = ((io.lettuce.core.cluster.api.StatefulRedisClusterConnection<String, String>) connection).sync();
            this.async = ((io.lettuce.core.cluster.api.StatefulRedisClusterConnection<String, String>) connection).async();
        } else {
            RedisClient single = RedisClient.create(resources);
            single.setOptions(ClientOptions.builder()
                    .autoReconnect(true).disconnectedBehavior(reject).timeoutOptions(timeouts).socketOptions(sockets)
                    .build());
            this.client = single;
            StatefulRedisConnection<String, String> opened = connectOnce(single, 1);
            this.connection = opened;
            this.redis = opened.sync();
            this.async = opened.async();
        }
        this.commandTimeout = options.commandTimeout();
        this.increment = new LuaScript(INCREMENT_SCRIPT, redis.digest(INCREMENT_SCRIPT));
        this.addToSet = new LuaScript(ADD_TO_SET_SCRIPT, redis.digest(ADD_TO_SET_SCRIPT));
    }

    /**
     * Opens the connection. A server that refuses the credentials may close the socket while Lettuce is still setting
     * up its handshake ("RedisHandshakeHandler not registered"), which hides the real reason: one more attempt then
     * reports what Redis said (e.g. authentication failed).
     */
    private StatefulRedisConnection<String, String> connectOnce(RedisClient single, int retries) {
        try {
            return single.connect(StringCodec.UTF8, this.uri);
        } catch (RuntimeException e) {
            if (retries > 0 && String.valueOf(reason(e)).contains("HandshakeHandler")) {
                return connectOnce(single, retries - 1);
            }
            shutdown();
            throw new StoreUnavailableException(
                    "cannot reach Redis at " + description + ": " + redact(reason(e)), e);
        }
    }

    /** Connects to the cluster through its seed nodes (the topology is read from them). */
    private StatefulConnection<String, String> connectCluster(RedisClusterClient cluster) {
        try {
            return cluster.connect(StringCodec.UTF8);
        } catch (RuntimeException e) {
            shutdown();
            throw new StoreUnavailableException(
                    "cannot reach Redis at " + description + ": " + redact(reason(e)), e);
        }
    }

    /** The start-up nodes of a {@code redis-cluster://} URL, each with the URL's credentials and timeout. */
    private static java.util.List<RedisURI> seeds(RedisUrl url, Options options) {
        String nodes = url.url().substring("redis-cluster://".length());
        java.util.List<RedisURI> seeds = new java.util.ArrayList<>();
        for (String node : nodes.split(",")) {
            RedisURI seed = RedisURI.create("redis://" + node);
            url.username().ifPresent(seed::setUsername);
            url.password().ifPresent(seed::setPassword);
            seed.setTimeout(options.commandTimeout());
            seeds.add(seed);
        }
        return seeds;
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        requireKey(key);
        requireValue(value, "value");
        SetArgs expiry = expiry(ttl);
        call(() -> redis.set(key, value, expiry));
        replicated();
    }

    @Override
    public void putEternal(String key, String value) {
        requireKey(key);
        requireValue(value, "value");
        call(() -> redis.set(key, value));
        replicated();
    }

    /** {@code SET NX}: atomic on the server. */
    @Override
    public boolean putIfAbsent(String key, String value, Duration ttl) {
        requireKey(key);
        requireValue(value, "value");
        SetArgs expiry = expiry(ttl).nx();
        boolean stored = "OK".equals(call(() -> redis.set(key, value, expiry)));
        if (stored) {
            replicated();
        }
        return stored;
    }

    @Override
    public Optional<String> get(String key) {
        requireKey(key);
        return Optional.ofNullable(call(() -> redis.get(key)));
    }

    /** {@code GETDEL}: atomic on the server. */
    @Override
    public Optional<String> take(String key) {
        requireKey(key);
        Optional<String> taken = Optional.ofNullable(call(() -> redis.getdel(key)));
        if (taken.isPresent()) {
            replicated();
        }
        return taken;
    }

    @Override
    public boolean delete(String key) {
        requireKey(key);
        boolean deleted = call(() -> redis.del(key)) > 0;
        if (deleted) {
            replicated();
        }
        return deleted;
    }

    @Override
    public long increment(String key, Duration window) {
        requireKey(key);
        String millis = Long.toString(ceilMillis(Ttls.requirePositive(window, "window")));
        long value = call(() -> increment.run(key, millis));
        replicated();
        return value;
    }

    @Override
    public void addToSet(String key, String member, Duration ttl) {
        requireKey(key);
        requireValue(member, "member");
        String millis = Long.toString(ceilMillis(Ttls.requirePositive(ttl, "ttl")));
        call(() -> addToSet.run(key, member, millis));
        replicated();
    }

    /**
     * The writes pipelined on the connection: all are sent, then all answers awaited (each command still times out
     * after the command timeout). A server that lost its script cache makes the batch run again write by write (every
     * write is idempotent, so a partly applied batch may be applied again).
     */
    @Override
    public void writeAll(List<StoreWrite> writes) {
        writes.forEach(write -> Objects.requireNonNull(write, "write"));
        if (writes.isEmpty()) {
            return;
        }
        boolean pipelined = call(() -> {
            List<RedisFuture<?>> sent = new ArrayList<>(writes.size());
            for (StoreWrite write : writes) {
                sent.add(send(write));
            }
            try {
                awaitAll(sent);
                return true;
            } catch (RedisNoScriptException e) {
                return false;
            }
        });
        if (!pipelined) {
            writes.forEach(write -> write.applyTo(this));
            return;
        }
        replicated();
    }

    /**
     * {@code GETDEL} and the writes pipelined on the connection. A server that lost its script cache makes the writes
     * run again write by write, after the take (which is not repeated).
     */
    @Override
    public Optional<String> takeAndWrite(String key, List<StoreWrite> writes) {
        requireKey(key);
        writes.forEach(write -> Objects.requireNonNull(write, "write"));
        if (writes.isEmpty()) {
            return take(key);
        }
        Taken taken = call(() -> {
            RedisFuture<String> take = async.getdel(key);
            List<RedisFuture<?>> sent = new ArrayList<>(writes.size() + 1);
            sent.add(take);
            for (StoreWrite write : writes) {
                sent.add(send(write));
            }
            try {
                awaitAll(sent);
                return new Taken(Optional.ofNullable(take.toCompletableFuture().getNow(null)), true);
            } catch (RedisNoScriptException e) {
                return new Taken(Optional.ofNullable(take.toCompletableFuture().getNow(null)), false);
            }
        });
        if (!taken.writesApplied()) {
            writes.forEach(write -> write.applyTo(this));
        }
        replicated();
        return taken.value();
    }

    private record Taken(Optional<String> value, boolean writesApplied) {
    }

    /** The values pipelined on the connection: all {@code GET}s sent, then all answers awaited. */
    @Override
    public List<Optional<String>> getAll(List<String> keys) {
        keys.forEach(RedisStateStore::requireKey);
        return call(() -> {
            List<RedisFuture<String>> sent = new ArrayList<>(keys.size());
            for (String key : keys) {
                sent.add(async.get(key));
            }
            awaitAll(new ArrayList<>(sent));
            List<Optional<String>> values = new ArrayList<>(keys.size());
            for (RedisFuture<String> f : sent) {
                values.add(Optional.ofNullable(f.toCompletableFuture().getNow(null)));
            }
            return values;
        });
    }

    private RedisFuture<?> send(StoreWrite write) {
        if (write instanceof StoreWrite.Put put) {
            return async.set(put.key(), put.value(), expiry(put.ttl()));
        }
        if (write instanceof StoreWrite.AddToSet add) {
            String millis = Long.toString(ceilMillis(Ttls.requirePositive(add.ttl(), "ttl")));
            return async.evalsha(addToSet.sha, ScriptOutputType.INTEGER, new String[] {add.key()}, add.member(), millis);
        }
        if (write instanceof StoreWrite.RemoveFromSet remove) {
            return async.srem(remove.key(), remove.member());
        }
        StoreWrite.Expire expire = (StoreWrite.Expire) write;
        return async.pexpire(expire.key(), ceilMillis(Ttls.requirePositive(expire.ttl(), "ttl")));
    }

    /** Waits for every answer; the first failure is thrown as Lettuce's own exception (then translated by call). */
    private void awaitAll(List<RedisFuture<?>> sent) {
        long deadline = System.nanoTime() + commandTimeout.plusSeconds(1).toNanos();
        for (RedisFuture<?> f : sent) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new io.lettuce.core.RedisException(e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new RedisCommandTimeoutException("no answer within " + commandTimeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisCommandInterruptedException(e);
            }
        }
    }

    @Override
    public void removeFromSet(String key, String member) {
        requireKey(key);
        requireValue(member, "member");
        call(() -> redis.srem(key, member));
        replicated();
    }

    @Override
    public Set<String> members(String key) {
        requireKey(key);
        return Set.copyOf(call(() -> redis.smembers(key)));
    }

    /** {@code PTTL}: -2 (missing) is empty, -1 (no expiry) is {@link #ETERNAL}. */
    @Override
    public Optional<Duration> ttl(String key) {
        requireKey(key);
        long millis = call(() -> redis.pttl(key));
        if (millis == -2) {
            return Optional.empty();
        }
        return Optional.of(millis == -1 ? ETERNAL : Duration.ofMillis(millis));
    }

    /** {@code PEXPIRE}: 1 when the key existed. */
    @Override
    public boolean expire(String key, Duration ttl) {
        requireKey(key);
        long millis = ceilMillis(Ttls.requirePositive(ttl, "ttl"));
        return Boolean.TRUE.equals(call(() -> redis.pexpire(key, millis)));
    }

    /** {@code SCAN MATCH <prefix>*} with the prefix's glob characters escaped. */
    @Override
    public Set<String> keys(String prefix) {
        ScanArgs match = ScanArgs.Builder.matches(escapeGlob(Objects.requireNonNull(prefix, "prefix")) + "*")
                .limit(SCAN_BATCH);
        return call(() -> {
            Set<String> keys = new HashSet<>();
            ScanIterator.scan(redis, match).forEachRemaining(keys::add);
            return Set.copyOf(keys);
        });
    }

    /**
     * With Sentinel: waits until a replica holds every write made so far on this connection ({@code WAIT 1}), see
     * the class rules. The store's connection is shared, so this covers the caller's write.
     */
    private void replicated() {
        if (!waitForReplica || System.nanoTime() - degradedUntilNanos < 0) {
            return;
        }
        long acknowledged = call(() -> redis.waitForReplication(1, REPLICA_WAIT.toMillis()));
        if (acknowledged < 1) {
            degradedUntilNanos = System.nanoTime() + DEGRADED_PAUSE.toNanos();
            LOG.warn("event=redis_write_not_replicated wait_ms={} effect=\"writes are kept by the master alone"
                    + " (AOF) until a replica acknowledges again\"", REPLICA_WAIT.toMillis());
        }
    }

    @Override
    public void checkRoundTrip() {
        RoundTrip.check(this);
    }

    @Override
    public String describe() {
        return description;
    }

    /** Closes the connection and stops Lettuce's threads. */
    @Override
    public void close() {
        try {
            connection.close();
        } catch (RuntimeException ignored) {
            // shutting down anyway
        }
        shutdown();
    }

    private void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }

    /** Runs one Lettuce call, translating its failures (see the class rules). */
    private <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisCommandExecutionException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("WRONGTYPE") || message.contains("not an integer")) {
                throw new IllegalStateException(redact(message), e);
            }
            throw unavailable(e);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private StoreUnavailableException unavailable(RuntimeException e) {
        if (e instanceof RedisCommandInterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new StoreUnavailableException(
                "Redis at " + description + " is unavailable: " + redact(reason(e)), e);
    }

    /** {@code text} with every occurrence of the password replaced by {@code ***}: no message carries it. */
    private String redact(String text) {
        return text == null || password.isEmpty() ? text : text.replace(password.get(), "***");
    }

    /** A short, lower-case cause for messages: the innermost exception's text, with common cases named. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = String.valueOf(root.getMessage());
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("connection refused")) {
            return "connection refused";
        }
        if (lower.contains("not connected")) {
            return "not connected, reconnecting in the background";
        }
        if (e instanceof RedisCommandTimeoutException) {
            return "command timed out (" + text + ")";
        }
        if (lower.contains("wrongpass") || lower.contains("noauth") || lower.contains("invalid password")) {
            return "authentication failed (" + text + ")";
        }
        return text;
    }

    /** {@code EX seconds} for whole seconds, otherwise {@code PX millis} rounded up (so 500 µs is 1 ms, not 0). */
    private static SetArgs expiry(Duration ttl) {
        Ttls.requirePositive(ttl, "ttl");
        return ttl.getNano() == 0 ? SetArgs.Builder.ex(ttl.getSeconds()) : SetArgs.Builder.px(ceilMillis(ttl));
    }

    private static long ceilMillis(Duration ttl) {
        return ttl.plusNanos(999_999).toMillis();
    }

    /** Null arguments are bugs, rejected before any Lettuce call so they never look like an outage. */
    private static void requireKey(String key) {
        Objects.requireNonNull(key, "key");
    }

    private static void requireValue(String value, String what) {
        Objects.requireNonNull(value, what);
    }

    /** Escapes the characters {@code SCAN MATCH} treats as a pattern: {@code * ? [ ] \}. */
    static String escapeGlob(String literal) {
        StringBuilder escaped = new StringBuilder(literal.length() + 8);
        for (char c : literal.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /** A Lua script run by SHA, sent again in full when the server lost its script cache (after a restart). */
    private final class LuaScript {
        private final String source;
        private final String sha;

        LuaScript(String source, String sha) {
            this.source = source;
            this.sha = sha;
        }

        long run(String key, String... args) {
            String[] keys = {key};
            try {
                return redis.<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, args);
            } catch (RedisNoScriptException e) {
                return redis.<Long>eval(source, ScriptOutputType.INTEGER, keys, args);
            }
        }
    }
}
