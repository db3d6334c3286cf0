package org.awsdns.plugins.file;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.Chain;
import org.awsdns.core.Metrics;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Zone;

/**
 * Answers the names of one zone from an RFC 1035 zone file read with dnsjava's {@link Zone}
 * ({@code Master} underneath: {@code $ORIGIN}, {@code $TTL}, {@code $INCLUDE}, every record type
 * dnsjava knows). Names outside the zone are passed on. The file is checked on the context's
 * executor and a changed file is loaded into a new zone, swapped in whole; a file that no longer
 * parses leaves the last good zone serving.
 */
final class FilePlugin implements org.awsdns.core.Plugin {
    private static final Logger log = LoggerFactory.getLogger(FilePlugin.class);

    private final Name origin;
    private final Path path;
    private final boolean fallthrough;
    private final Metrics.Counter reloads;
    private final Metrics.Counter reloadFailures;
    private volatile ZoneAnswers zone;
    private volatile ScheduledFuture<?> reloadTask;

    // Touched only by the constructor and then by the reload task (one run at a time).
    private FileStamp loadedStamp;
    private boolean failing;

    FilePlugin(Name origin, Path path, Duration reload, boolean fallthrough,
            ScheduledExecutorService executor, Metrics metrics) {
        this.origin = requireNonNull(origin, "origin is null");
        this.path = requireNonNull(path, "path is null");
        this.fallthrough = fallthrough;
        try {
            FileStamp stamp = FileStamp.of(path);
            this.zone = load();
            this.loadedStamp = stamp;
        } catch (IOException e) {
            throw new IllegalArgumentException("file: cannot load zone " + origin + " from " + path + ": " + describe(e), e);
        }
        metrics.gauge("file_records", "Records of the zone file being served", () -> zone.records(), "zone", origin.toString());
        metrics.gauge("file_serial", "SOA serial of the zone file being served", () -> zone.serial(), "zone", origin.toString());
        reloads = metrics.counter("file_reloads", "Times the zone file was loaded again after a change", "zone", origin.toString());
        reloadFailures = metrics.counter("file_reload_failures",
                "Checks or loads of the zone file that failed; the last good zone is still served", "zone", origin.toString());
        log.info("file: zone {} loaded from {}: {} records, serial {}", origin, path, zone.records(), zone.serial());
        if (!reload.isZero()) {
            long millis = Math.max(1, reload.toMillis());
            this.reloadTask = executor.scheduleWithFixedDelay(this::checkFile, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public CompletionStage<Response> handle(Query query, Chain next) {
        Response response = query.response();
        if (query.dclass() != DClass.IN || response.isAnswered() || !query.name().subdomain(origin)) {
            return next.proceed(query);
        }
        ZoneAnswers current = zone;
        ZoneAnswers.Outcome outcome = current.answer(query.name(), query.type(), response);
        if (outcome == ZoneAnswers.Outcome.ANSWERED) {
            return response.complete();
        }
        if (outcome == ZoneAnswers.Outcome.NO_DATA) {
            response.markNameExists();
        }
        if (fallthrough) {
            return next.proceed(query);
        }
        response.authoritative(true);
        response.addAuthority(current.negativeSoa());
        response.rcode(outcome == ZoneAnswers.Outcome.NO_SUCH_NAME ? Rcode.NXDOMAIN : Rcode.NOERROR);
        return response.complete();
    }

    @Override
    public void close() {
        ScheduledFuture<?> task = reloadTask;
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Loads the file again when its modification time, size or identity changed. Never throws. */
    void checkFile() {
        try {
            FileStamp before = FileStamp.of(path);
            if (before.equals(loadedStamp)) {
                return;
            }
            ZoneAnswers loaded = load();
            if (!FileStamp.of(path).equals(before)) {
                return; // being written: load it on the next check
            }
            long oldSerial = zone.serial();
            zone = loaded;
            loadedStamp = before;
            reloads.increment();
            if (failing) {
                failing = false;
                log.info("file: zone {} from {} loads again", origin, path);
            }
            log.info("file: zone {} reloaded from {}: {} records, serial {}", origin, path, loaded.records(), loaded.serial());
            if (loaded.serial() <= oldSerial) {
                log.warn("file: zone {} changed but its SOA serial did not increase ({} -> {}); secondaries will not notice",
                        origin, oldSerial, loaded.serial());
            }
        } catch (IOException | RuntimeException e) {
            reloadFailures.increment();
            if (!failing) {
                failing = true;
                log.warn("file: cannot reload zone {} from {}, still answering from the last good copy: {}",
                        origin, path, describe(e));
            }
        }
    }

    private ZoneAnswers load() throws IOException {
        return new ZoneAnswers(new Zone(origin, path.toString()));
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException || e instanceof java.io.FileNotFoundException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
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
                    && modified.equals(that.modified) && size == that.size && Objects.equals(key, that.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modified, size, key);
        }
    }
}
