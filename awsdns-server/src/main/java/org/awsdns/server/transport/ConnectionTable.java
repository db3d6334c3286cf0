package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The open connections of one stream transport, and who may open another: at most
 * {@code maxPerClient} per client and {@code maxConnections} in all. A connection that would
 * pass a limit takes the place of the longest-idle connection within that limit (the client's
 * own for the per-client limit, anyone's for the table; RFC 7766 §6.2.3 lets a server close idle
 * connections first), and is refused only when none is idle.
 *
 * <p>Knows no sockets or channels: a listener registers each accepted connection with the way to
 * close it, marks it active while it has queries in flight or replies unwritten, and releases it
 * with the reason it ended. Thread-safe.
 */
public final class ConnectionTable {
    private final ConnectionLimits limits;
    private final ConnectionMetrics metrics;
    private final Map<ClientKey, Integer> perClient = new HashMap<>();
    /** Idle connections, longest idle first. */
    private final LinkedHashSet<Slot> idle = new LinkedHashSet<>();
    private int open;

    public ConnectionTable(ConnectionLimits limits, ConnectionMetrics metrics) {
        this.limits = requireNonNull(limits, "limits is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    /**
     * Admits a connection from {@code client}, evicting an idle one if a limit requires it.
     *
     * @param evict closes the connection when the table takes its slot back for another one;
     *     called at most once, on the caller's thread of a later {@code register}; the slot is
     *     already released then
     * @return the new connection's slot (idle until {@link Slot#markActive}), or {@code null}
     *     when it is refused; the refusal is counted
     */
    public Slot register(InetAddress client, Runnable evict) {
        requireNonNull(client, "client is null");
        requireNonNull(evict, "evict is null");
        ClientKey key = ClientKey.of(client, limits.ipv6ClientPrefix());
        Slot victim = null;
        Slot slot;
        synchronized (this) {
            if (perClient.getOrDefault(key, 0) >= limits.maxPerClient()) {
                victim = longestIdle(key);
                if (victim == null) {
                    metrics.ended(ConnectionEnd.PER_CLIENT_LIMIT);
                    return null;
                }
            } else if (open >= limits.maxConnections()) {
                victim = longestIdle(null);
                if (victim == null) {
                    metrics.ended(ConnectionEnd.TABLE_FULL);
                    return null;
                }
            }
            if (victim != null) {
                release(victim, ConnectionEnd.EVICTED);
            }
            slot = new Slot(key, evict);
            open++;
            perClient.merge(key, 1, Integer::sum);
            idle.add(slot);
        }
        if (victim != null) {
            victim.evict.run(); // outside the lock: closing may call back into release
        }
        return slot;
    }

    /** Connections open now. */
    public synchronized int open() {
        return open;
    }

    private Slot longestIdle(ClientKey key) {
        Iterator<Slot> slots = idle.iterator();
        while (slots.hasNext()) {
            Slot slot = slots.next();
            if (key == null || slot.key.equals(key)) {
                return slot;
            }
        }
        return null;
    }

    private void release(Slot slot, ConnectionEnd reason) {
        if (slot.released) {
            return;
        }
        slot.released = true;
        idle.remove(slot);
        open--;
        perClient.computeIfPresent(slot.key, (key, count) -> count == 1 ? null : count - 1);
        metrics.ended(reason);
    }

    /** One connection's place in the table. */
    public final class Slot {
        private final ClientKey key;
        private final Runnable evict;
        private boolean released;

        private Slot(ClientKey key, Runnable evict) {
            this.key = key;
            this.evict = evict;
        }

        /** The connection has work (a query in flight, a reply to write): it cannot be evicted. */
        public void markActive() {
            synchronized (ConnectionTable.this) {
                idle.remove(this);
            }
        }

        /** The connection has nothing to do: it becomes the newest idle one. */
        public void markIdle() {
            synchronized (ConnectionTable.this) {
                if (!released) {
                    idle.remove(this);
                    idle.add(this);
                }
            }
        }

        /** The connection ended for {@code reason}; only the first release of a slot counts. */
        public void release(ConnectionEnd reason) {
            synchronized (ConnectionTable.this) {
                ConnectionTable.this.release(this, reason);
            }
        }
    }
}
