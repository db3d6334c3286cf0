package org.awsdns.server.testing;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.testing.Await;
import org.awsdns.testing.DnsClient;

/**
 * A real awsdns, in-process, started from a YAML string and listening on loopback ports the server
 * binds itself: every block listens on {@code 127.0.0.1:0} and the test asks the server where it
 * ended up ({@link #address()}), so no port is picked first and raced for.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start(yaml)) {
 *     assertThat(server.client().udp(Queries.message("web.demo.internal.", Type.A)))
 *             .isNoerror().hasAnswer("web.demo.internal. 60 IN A 10.0.0.1");
 * }
 * }</pre>
 *
 * <p>Lives in the server's test jar, not in {@code awsdns-testing}: the kit depends on
 * {@code awsdns-core} alone, so plugins (ours and third parties') can use it without depending on
 * the server.
 */
public final class TestServer implements AutoCloseable {
    private final AwsdnsServer server;

    private TestServer(AwsdnsServer server) {
        this.server = requireNonNull(server, "server is null");
    }

    /** Starts {@code yaml} with every listen address replaced by {@code 127.0.0.1:0}. */
    public static TestServer start(String yaml) {
        return builder(yaml).start();
    }

    public static Builder builder(String yaml) {
        return new Builder(yaml);
    }

    /** The first DNS address (UDP and TCP share it). */
    public InetSocketAddress address() {
        return server.boundAddresses().get(0);
    }

    /** A client of {@link #address()}. */
    public DnsClient client() {
        return DnsClient.to(address());
    }

    /** Waits until the server's shared resources are ready (an inventory's first load), at most {@code limit}. */
    public TestServer awaitReady(Duration limit) {
        awaitReady(server, limit);
        return this;
    }

    /**
     * Waits until {@code server}'s shared resources are ready, at most {@code limit}; fails naming
     * those still loading. For tests that start an {@link AwsdnsServer} themselves.
     */
    public static void awaitReady(AwsdnsServer server, Duration limit) {
        Await.untilAsserted(limit, () -> assertThat(server.resources().notReady()).as("resources not ready").isEmpty());
    }

    /** The running server, for reloads, metrics and readiness. */
    public AwsdnsServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }

    /** What to start. */
    public static final class Builder {
        private final AwsdnsServer.Builder server = AwsdnsServer.builder();
        private boolean keepListen;

        private Builder(String yaml) {
            server.yaml(requireNonNull(yaml, "yaml is null"));
        }

        /** Like {@code --set PATH=VALUE}. */
        public Builder set(String... assignments) {
            server.set(assignments);
            return this;
        }

        /** Keeps the YAML's own listen addresses (they must use port 0 on loopback). */
        public Builder keepListenAddresses() {
            this.keepListen = true;
            return this;
        }

        /** Loads plugin jars from {@code directory} as {@code --plugins-dir} does. */
        public Builder pluginsDirectory(Path directory) {
            server.pluginsDirectory(Optional.of(directory));
            return this;
        }

        public TestServer start() {
            if (!keepListen) {
                server.listen("127.0.0.1:0");
            }
            return new TestServer(server.start());
        }
    }
}
