package io.mcpgw.store;

import java.time.Duration;
import java.util.Objects;

/**
 * One write of a {@link StateStore#writeAll} batch: the same operation as the {@link StateStore} method of the same
 * name, with the same rules. A malformed write (null key or value, a TTL that is not positive) cannot be built, so a
 * batch never fails half-way for it.
 */
public sealed interface StoreWrite {

    /** Applies this write with the store's own method (the way a batch is applied where it cannot be pipelined). */
    void applyTo(StateStore store);

    static StoreWrite put(String key, String value, Duration ttl) {
        return new Put(key, value, ttl);
    }

    static StoreWrite addToSet(String key, String member, Duration ttl) {
        return new AddToSet(key, member, ttl);
    }

    static StoreWrite removeFromSet(String key, String member) {
        return new RemoveFromSet(key, member);
    }

    static StoreWrite expire(String key, Duration ttl) {
        return new Expire(key, ttl);
    }

    /** {@link StateStore#put}. */
    record Put(String key, String value, Duration ttl) implements StoreWrite {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Ttls.requirePositive(ttl, "ttl");
        }

        @Override
        public void applyTo(StateStore store) {
            store.put(key, value, ttl);
        }
    }

    /** {@link StateStore#addToSet}. */
    record AddToSet(String key, String member, Duration ttl) implements StoreWrite {
        public AddToSet {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(member, "member");
            Ttls.requirePositive(ttl, "ttl");
        }

        @Override
        public void applyTo(StateStore store) {
            store.addToSet(key, member, ttl);
        }
    }

    /** {@link StateStore#removeFromSet}. */
    record RemoveFromSet(String key, String member) implements StoreWrite {
        public RemoveFromSet {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(member, "member");
        }

        @Override
        public void applyTo(StateStore store) {
            store.removeFromSet(key, member);
        }
    }

    /** {@link StateStore#expire} (a missing key stays missing). */
    record Expire(String key, Duration ttl) implements StoreWrite {
        public Expire {
            Objects.requireNonNull(key, "key");
            Ttls.requirePositive(ttl, "ttl");
        }

        @Override
        public void applyTo(StateStore store) {
            store.expire(key, ttl);
        }
    }
}
