package org.awsdns.server.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the configuration file ({@code reload: {watch: 2s}}): every interval it compares the
 * file's modification time and size with the last seen, and reloads when either changed. A
 * change is acted on once, whether the reload succeeds or not; the next edit triggers again.
 */
final class ConfigWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Path file;
    private final Runnable reload;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> task;
    private Duration interval;
    private volatile Stamp seen;

    ConfigWatcher(Path file, Runnable reload) {
        this.file = requireNonNull(file, "file is null");
        this.reload = requireNonNull(reload, "reload is null");
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "awsdns-config-watch");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
        this.seen = stamp();
    }

    /** Watches every {@code interval}, or stops watching when it is null. */
    synchronized void watch(Duration interval) {
        if (Objects.equals(interval, this.interval)) {
            return;
        }
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        this.interval = interval;
        if (interval != null) {
            long millis = Math.max(1, interval.toMillis());
            task = timer.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
            log.info("watching {} for changes every {}", file, org.awsdns.server.config.ConfigValues.format(interval));
        }
    }

    /** The file as it is now counts as seen (after a reload by other means, e.g. SIGHUP). */
    void markSeen() {
        seen = stamp();
    }

    private void check() {
        try {
            Stamp now = stamp();
            if (now != null && !now.equals(seen)) {
                seen = now;
                log.info("{} changed: reloading", file);
                reload.run();
            }
        } catch (RuntimeException e) {
            log.error("watching {} failed", file, e);
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime().toMillis(), attributes.size());
        } catch (IOException e) {
            return null; // missing for a moment, as when an editor replaces the file
        }
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
    }

    private record Stamp(long modifiedMillis, long size) {}
}
