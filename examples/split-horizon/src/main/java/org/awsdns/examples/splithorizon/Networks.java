package org.awsdns.examples.splithorizon;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.Metrics;
import org.awsdns.core.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named set of client networks, each mapped to a view, shared by every split-horizon plugin that
 * names it (in any chain). The file is read in the background: {@link #firstLoad()} completes when
 * the first read ends, and until then {@link #isReady()} says "loading". A failed re-read keeps the
 * networks last read.
 */
public final class Networks implements Readiness, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Networks.class);

    private final String name;
    private final Path file;
    private final CompletableFuture<Void> firstLoad = new CompletableFuture<>();
    private final Metrics.Counter loadFailures;
    private final ScheduledFuture<?> refresh;
    private volatile List<Entry> entries = List.of();

    Networks(String name, Path file, NetworksConfig config, ScheduledExecutorService executor, Metrics metrics) {
        this.name = name;
        this.file = file;
        this.loadFailures = metrics.counter("split_horizon_load_failures", "Reads of a networks file that failed", "networks", name);
        metrics.gauge("split_horizon_networks", "Networks read from the file", () -> entries.size(), "networks", name);
        executor.execute(this::load);
        this.refresh = config.refresh() == null ? null
                : executor.scheduleWithFixedDelay(this::load, config.refresh().toMillis(), config.refresh().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The view of the most specific network holding {@code client}, or {@code null}. */
    public String viewOf(InetAddress client) {
        for (Entry entry : entries) {
            if (entry.subnet().contains(client)) {
                return entry.view();
            }
        }
        return null;
    }

    /** Completes when the file was first read, or exceptionally when that read failed. */
    public CompletionStage<Void> firstLoad() {
        return firstLoad;
    }

    @Override
    public boolean isReady() {
        return firstLoad.isDone() && !firstLoad.isCompletedExceptionally();
    }

    @Override
    public String notReadyReason() {
        return isReady() ? "" : firstLoad.isDone() ? "networks " + name + ": " + file + " could not be read" : "networks " + name + ": reading " + file;
    }

    private void load() {
        try {
            List<Entry> read = read(file);
            entries = read;
            firstLoad.complete(null);
        } catch (IOException | RuntimeException e) {
            loadFailures.increment();
            log.warn("networks {}: cannot read {}: {}", name, file, e.getMessage());
            firstLoad.completeExceptionally(e); // no effect after a first success: the last good networks serve
        }
    }

    /** Most specific network first, so the first match is the longest prefix. */
    static List<Entry> read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            String text = line.replaceFirst("#.*", "").trim();
            if (text.isEmpty()) {
                continue;
            }
            String[] parts = text.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException(file + " line " + number + ": expected 'NETWORK VIEW', got '" + text + "'");
            }
            entries.add(new Entry(Subnet.parse(parts[0]), parts[1]));
        }
        entries.sort(Comparator.comparingInt((Entry entry) -> entry.subnet().prefix()).reversed());
        return List.copyOf(entries);
    }

    @Override
    public void close() {
        if (refresh != null) {
            refresh.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "networks " + name + " (" + file + ")";
    }

    record Entry(Subnet subnet, String view) {}
}
