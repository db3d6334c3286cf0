package org.awsdns.server.http;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the server, on the JDK's HTTP server: {@code GET /metrics} (Prometheus text
 * format) where {@code metrics:} listens, {@code GET /health} and {@code GET /ready} where
 * {@code health:} listens (one server when both name the same address). HEAD works too; other
 * paths are 404, other methods 405. Every thread is a daemon: the endpoints never keep the JVM
 * alive.
 *
 * <p>A reload changes the endpoints in two steps, {@link #prepare} (bind what is new) and
 * {@link Plan#commit} (stop what is gone), so a failed bind changes nothing.
 */
public final class HttpEndpoints implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpEndpoints.class);
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final int BACKLOG = 16;

    private enum Role { METRICS, HEALTH }

    private final Supplier<String> scrape;
    private final Supplier<List<String>> notReady;
    private final ExecutorService executor;
    /** By configured address (port 0 as written); guarded by {@code this}. */
    private final Map<InetSocketAddress, Endpoint> endpoints = new LinkedHashMap<>();
    private boolean closed;

    /**
     * @param scrape the metrics in the Prometheus text format
     * @param notReady what is not ready yet, one line each; empty when ready
     */
    public HttpEndpoints(Supplier<String> scrape, Supplier<List<String>> notReady) {
        this.scrape = requireNonNull(scrape, "scrape is null");
        this.notReady = requireNonNull(notReady, "notReady is null");
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "awsdns-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Where {@code /metrics} is served, with the actual port. */
    public synchronized Optional<InetSocketAddress> metricsAddress() {
        return address(Role.METRICS);
    }

    /** Where {@code /health} and {@code /ready} are served, with the actual port. */
    public synchronized Optional<InetSocketAddress> healthAddress() {
        return address(Role.HEALTH);
    }

    private Optional<InetSocketAddress> address(Role role) {
        return endpoints.values().stream()
                .filter(endpoint -> endpoint.roles.contains(role))
                .map(endpoint -> endpoint.server.getAddress())
                .findFirst();
    }

    /**
     * Binds the addresses of {@code metrics} and {@code health} not bound yet; nothing else
     * changes until {@link Plan#commit}.
     *
     * @throws IOException when an address cannot be bound; what this call bound is closed again
     */
    public synchronized Plan prepare(Optional<InetSocketAddress> metrics, Optional<InetSocketAddress> health)
            throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        Map<InetSocketAddress, Set<Role>> wanted = new LinkedHashMap<>();
        metrics.ifPresent(address -> wanted.computeIfAbsent(address, a -> EnumSet.noneOf(Role.class)).add(Role.METRICS));
        health.ifPresent(address -> wanted.computeIfAbsent(address, a -> EnumSet.noneOf(Role.class)).add(Role.HEALTH));
        Map<InetSocketAddress, Endpoint> started = new LinkedHashMap<>();
        try {
            for (InetSocketAddress address : wanted.keySet()) {
                if (!endpoints.containsKey(address)) {
                    started.put(address, start(address));
                }
            }
        } catch (IOException | RuntimeException e) {
            started.values().forEach(Endpoint::stop);
            throw e;
        }
        return new Plan(wanted, started);
    }

    /** Applies {@code metrics} and {@code health} at once (the start). */
    public void apply(Optional<InetSocketAddress> metrics, Optional<InetSocketAddress> health) throws IOException {
        prepare(metrics, health).commit();
    }

    /** Endpoints bound by {@link #prepare}, waiting to replace the current ones. */
    public final class Plan {
        private final Map<InetSocketAddress, Set<Role>> wanted;
        private final Map<InetSocketAddress, Endpoint> started;

        private Plan(Map<InetSocketAddress, Set<Role>> wanted, Map<InetSocketAddress, Endpoint> started) {
            this.wanted = wanted;
            this.started = started;
        }

        /** Serves the new endpoints and stops the ones no longer configured. */
        public void commit() {
            List<Endpoint> stopping = new ArrayList<>();
            synchronized (HttpEndpoints.this) {
                if (closed) {
                    started.values().forEach(Endpoint::stop);
                    return;
                }
                endpoints.putAll(started);
                for (Map.Entry<InetSocketAddress, Endpoint> entry : List.copyOf(endpoints.entrySet())) {
                    Set<Role> roles = wanted.get(entry.getKey());
                    if (roles == null) {
                        endpoints.remove(entry.getKey());
                        stopping.add(entry.getValue());
                    } else {
                        entry.getValue().roles = EnumSet.copyOf(roles);
                    }
                }
            }
            for (Endpoint endpoint : started.values()) {
                log.info("serving {} on http://{}", endpoint.paths(), format(endpoint.server.getAddress()));
            }
            stopping.forEach(Endpoint::stop);
        }

        /** Closes what {@link #prepare} bound. */
        public void abort() {
            started.values().forEach(Endpoint::stop);
        }
    }

    private Endpoint start(InetSocketAddress address) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(address, BACKLOG);
        } catch (IOException e) {
            throw new org.awsdns.server.transport.ListenException(address, e);
        }
        Endpoint endpoint = new Endpoint(server);
        server.createContext("/", endpoint::handle);
        server.setExecutor(executor);
        // the dispatcher thread inherits daemon-ness from the thread that starts the server
        Thread starter = new Thread(server::start, "awsdns-http-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop(0);
            throw new IOException("interrupted while starting the HTTP server on " + address, e);
        }
        return endpoint;
    }

    /** Stops every endpoint at once. */
    @Override
    public void close() {
        List<Endpoint> stopping;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = List.copyOf(endpoints.values());
            endpoints.clear();
        }
        stopping.forEach(Endpoint::stop);
        executor.shutdownNow();
    }

    private static String format(InetSocketAddress address) {
        return org.awsdns.core.IpLiterals.format(address);
    }

    /** One HTTP server and what it serves. */
    private final class Endpoint {
        private final HttpServer server;
        private volatile Set<Role> roles = EnumSet.noneOf(Role.class);

        Endpoint(HttpServer server) {
            this.server = server;
        }

        List<String> paths() {
            List<String> paths = new ArrayList<>();
            if (roles.contains(Role.METRICS)) {
                paths.add("/metrics");
            }
            if (roles.contains(Role.HEALTH)) {
                paths.addAll(List.of("/health", "/ready"));
            }
            return paths;
        }

        void stop() {
            server.stop(0);
        }

        void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String method = exchange.getRequestMethod();
                boolean head = method.equals("HEAD");
                if (!head && !method.equals("GET")) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    reply(exchange, 405, TEXT, "method not allowed\n", false);
                    return;
                }
                Set<Role> serving = roles;
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/metrics") && serving.contains(Role.METRICS)) {
                    reply(exchange, 200, METRICS_CONTENT_TYPE, scrape.get(), head);
                } else if (path.equals("/health") && serving.contains(Role.HEALTH)) {
                    reply(exchange, 200, TEXT, "OK\n", head);
                } else if (path.equals("/ready") && serving.contains(Role.HEALTH)) {
                    List<String> waiting = notReady.get();
                    if (waiting.isEmpty()) {
                        reply(exchange, 200, TEXT, "ready\n", head);
                    } else {
                        reply(exchange, 503, TEXT, String.join("\n", waiting) + "\n", head);
                    }
                } else {
                    reply(exchange, 404, TEXT, "not found; try " + paths() + "\n", head);
                }
            } catch (IOException | RuntimeException e) {
                log.debug("HTTP request failed", e);
                throw e;
            }
        }

        private void reply(HttpExchange exchange, int status, String contentType, String body, boolean head)
                throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if (head) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
