package org.awsdns.server.plugin;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awsdns.core.Readiness;
import org.awsdns.core.ResourceContext;
import org.awsdns.core.ResourceFactory;

/**
 * A shared resource for tests, in the section {@code gates}: not ready until the test opens it
 * ({@link #open}), like an inventory whose first load has not ended. Counts creations and
 * closes per name, so a test can tell a kept resource from a recreated one.
 */
public final class TestGateFactory implements ResourceFactory<TestGateFactory.Config, TestGateFactory.Gate> {
    private static final ConcurrentMap<String, AtomicBoolean> OPEN = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, AtomicInteger> CREATED = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, AtomicInteger> CLOSED = new ConcurrentHashMap<>();

    /** @param label any text, so a test can change the definition */
    public record Config(String label) {}

    /** The resource: ready once its name is opened. */
    public static final class Gate implements Readiness, AutoCloseable {
        private final String name;

        Gate(String name) {
            this.name = name;
        }

        @Override
        public boolean isReady() {
            return OPEN.computeIfAbsent(name, n -> new AtomicBoolean()).get();
        }

        @Override
        public String notReadyReason() {
            return isReady() ? "" : "waiting for the test";
        }

        @Override
        public void close() {
            CLOSED.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** Makes the gates named {@code name} ready. */
    public static void open(String name) {
        OPEN.computeIfAbsent(name, n -> new AtomicBoolean()).set(true);
    }

    public static int created(String name) {
        return CREATED.getOrDefault(name, new AtomicInteger()).get();
    }

    public static int closed(String name) {
        return CLOSED.getOrDefault(name, new AtomicInteger()).get();
    }

    @Override
    public String section() {
        return "gates";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Class<Gate> resourceType() {
        return Gate.class;
    }

    @Override
    public Gate create(String name, Config config, ResourceContext context) {
        CREATED.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        return new Gate(name);
    }
}
