package org.awsdns.plugins.hosts;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.Chain;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;

/**
 * Answers A, AAAA and PTR from hosts(5) lines given inline and/or read from a file. A known name
 * asked for a type it does not have is marked as existing (NODATA at the chain's end) and passed
 * on; an unknown name is passed on unchanged.
 *
 * <p>The query path reads one volatile field and does one map lookup. The file is checked on the
 * context's executor; a changed file is parsed into a new index, swapped in whole.
 */
final class HostsPlugin implements Plugin {
    private static final Logger log = LoggerFactory.getLogger(HostsPlugin.class);
    private static final int MAX_LOGGED_INVALID_LINES = 20;

    private final List<HostLine> inline;
    private final Path file;
    private final long ttl;
    private final HostsMetrics metrics;
    private volatile HostsIndex index;
    private volatile ScheduledFuture<?> reloadTask;

    // Touched only by the constructor and then by the reload task (one run at a time).
    private FileStamp loadedStamp;
    private boolean failing;

    /**
     * Loads the index (reading {@code file} when there is one) and, for a file with a non-zero
     * {@code reload}, schedules the change check.
     *
     * @throws IOException when the file cannot be read at start
     */
    HostsPlugin(List<HostLine> inline, Path file, long ttl, Duration reload,
            ScheduledExecutorService executor, org.awsdns.core.Metrics metrics) throws IOException {
        this.inline = List.copyOf(inline);
        this.file = file;
        this.ttl = ttl;
        requireNonNull(reload, "reload is null");
        requireNonNull(executor, "executor is null");
        requireNonNull(metrics, "metrics is null");
        if (file == null) {
            this.index = HostsIndex.build(this.inline, ttl, 0);
            this.metrics = new HostsMetrics(metrics, () -> index);
            return;
        }
        FileStamp stamp = FileStamp.of(file);
        this.index = load(readLines(file));
        this.loadedStamp = stamp;
        // Registered once the first load succeeded, so a plugin that failed to start leaves no meters.
        this.metrics = new HostsMetrics(metrics, () -> index);
        if (!reload.isZero()) {
            long millis = Math.max(1, reload.toMillis());
            this.reloadTask = executor.scheduleWithFixedDelay(this::checkFile, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public CompletionStage<Response> handle(Query query, Chain next) {
        if (query.dclass() != DClass.IN || query.response().isAnswered()) {
            return next.proceed(query); // an earlier plugin answered: enrich nothing, override nothing
        }
        HostsIndex.Host host = index.lookup(query.name());
        if (host == null) {
            return next.proceed(query);
        }
        List<Record> records = host.records(query.type());
        Response response = query.response();
        response.authoritative(true); // our own data, the name's NODATA included
        if (records.isEmpty()) {
            response.markNameExists();
            return next.proceed(query);
        }
        for (int i = 0; i < records.size(); i++) {
            response.addAnswer(records.get(i));
        }
        return response.complete();
    }

    @Override
    public void close() {
        ScheduledFuture<?> task = reloadTask;
        if (task != null) {
            task.cancel(false);
        }
    }

    /** The index being served; for tests and metrics. */
    HostsIndex index() {
        return index;
    }

    /** Re-reads the file when its modification time, size or identity changed. Never throws. */
    void checkFile() {
        try {
            FileStamp before = FileStamp.of(file);
            if (before.equals(loadedStamp)) {
                return;
            }
            List<String> lines = readLines(file);
            if (!FileStamp.of(file).equals(before)) {
                return; // being written: read it on the next check
            }
            HostsIndex loaded = load(lines);
            index = loaded;
            loadedStamp = before;
            metrics.reloaded();
            if (failing) {
                log.info("hosts: {} readable again", file);
                failing = false;
            }
            log.info("hosts: reloaded {}: {} entries, {} invalid lines skipped",
                    file, loaded.entries(), loaded.invalidLines());
        } catch (IOException | RuntimeException e) {
            metrics.reloadFailed();
            if (!failing) {
                failing = true;
                log.warn("hosts: cannot reload {}, still answering from the last good copy: {}", file, e.toString());
            }
        }
    }

    /** Builds an index from the inline entries and the file's lines, skipping invalid lines. */
    private HostsIndex load(List<String> fileLines) {
        List<HostLine> lines = new ArrayList<>(inline.size() + fileLines.size());
        lines.addAll(inline);
        int invalid = 0;
        for (int i = 0; i < fileLines.size(); i++) {
            try {
                HostLine line = HostLine.parse(fileLines.get(i));
                if (line != null) {
                    lines.add(line);
                }
            } catch (IllegalArgumentException e) {
                invalid++;
                if (invalid <= MAX_LOGGED_INVALID_LINES) {
                    log.warn("hosts: {}:{}: {}; line skipped", file, i + 1, e.getMessage());
                }
            }
        }
        if (invalid > MAX_LOGGED_INVALID_LINES) {
            log.warn("hosts: {}: {} more invalid lines skipped", file, invalid - MAX_LOGGED_INVALID_LINES);
        }
        return HostsIndex.build(lines, ttl, invalid);
    }

    /** Reads the file; bytes that are not UTF-8 become U+FFFD, which makes their line invalid. */
    private static List<String> readLines(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    }

    /** What the change check compares: modification time, size and file identity (inode). */
    private record FileStamp(FileTime modified, long size, Object key) {
        static FileStamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FileStamp that
                    && modified.equals(that.modified)
                    && size == that.size
                    && Objects.equals(key, that.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modified, size, key);
        }
    }
}
