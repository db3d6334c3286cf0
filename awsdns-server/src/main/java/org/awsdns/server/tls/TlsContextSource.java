package org.awsdns.server.tls;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side TLS context of one listener, built from PEM files and rebuilt when they
 * change. A rebuild that fails (a half-written file during a certificate rotation) keeps the
 * context that works and says why once; the next change is tried again.
 */
public final class TlsContextSource {
    private static final Logger log = LoggerFactory.getLogger(TlsContextSource.class);
    /** RFC 7858 §3.2 and RFC 8484 §5: TLS 1.2 at the least. */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final TlsFiles files;
    private final List<String> alpn;
    private final AtomicReference<Loaded> current;
    private volatile List<FileTime> failedStamp;
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;
    private volatile long lastCheckNanos = System.nanoTime();

    /**
     * BoringSSL (netty-tcnative) where its native library loads: several times less CPU per TLS
     * record than the JDK's engine, which is what a DoT or DoH query costs beyond a TCP one.
     */
    private static final SslProvider PROVIDER = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;

    private record Loaded(SslContext context, List<FileTime> stamp) {}

    private TlsContextSource(TlsFiles files, List<String> alpn, Loaded loaded) {
        this.files = files;
        this.alpn = alpn;
        this.current = new AtomicReference<>(loaded);
    }

    /**
     * Loads the files; {@code alpn} lists the application protocols offered, most preferred
     * first (empty: no ALPN).
     *
     * @throws TlsConfigException naming the file and what is wrong with it
     */
    public static TlsContextSource load(TlsFiles files, List<String> alpn) throws TlsConfigException {
        requireNonNull(files, "files is null");
        log.debug("TLS by {}", provider());
        List<String> protocols = List.copyOf(alpn);
        return new TlsContextSource(files, protocols, build(files, protocols));
    }

    /** Which TLS implementation serves, for the start-up log: "OpenSSL (BoringSSL …)" or "the JDK". */
    public static String provider() {
        return PROVIDER == SslProvider.OPENSSL ? OpenSsl.versionString() + " (netty-tcnative)" : "the JDK's SSLEngine";
    }

    /** A handler for a new connection, with the current context; handshakes run on {@code handshakeTasks}. */
    public SslHandler newHandler(ByteBufAllocator allocator, Executor handshakeTasks) {
        return current.get().context().newHandler(allocator, handshakeTasks);
    }

    /** Like {@link #reloadIfChanged()}, at most once a second: cheap enough to call for every new connection. */
    public void reloadIfDue() {
        long now = System.nanoTime();
        long last = lastCheckNanos;
        if (now - last >= CHECK_INTERVAL_NANOS) {
            lastCheckNanos = now;
            reloadIfChanged();
        }
    }

    /** Rebuilds the context when a file changed since it was loaded; true when it did. */
    public boolean reloadIfChanged() {
        List<FileTime> stamp;
        try {
            stamp = stamp(files);
        } catch (TlsConfigException e) {
            warnOnce(null, e);
            return false;
        }
        if (stamp.equals(current.get().stamp()) || stamp.equals(failedStamp)) {
            return false;
        }
        try {
            current.set(build(files, alpn));
            failedStamp = null;
            log.info("TLS certificate reloaded from {}", files.cert());
            return true;
        } catch (TlsConfigException e) {
            warnOnce(stamp, e);
            return false;
        }
    }

    private void warnOnce(List<FileTime> stamp, TlsConfigException e) {
        if (stamp == null || !stamp.equals(failedStamp)) {
            log.warn("TLS files not reloaded, the previous certificate stays in use: {}", e.getMessage());
        }
        failedStamp = stamp;
    }

    private static Loaded build(TlsFiles files, List<String> alpn) throws TlsConfigException {
        List<FileTime> stamp = stamp(files);
        SslContextBuilder builder;
        try {
            builder = SslContextBuilder.forServer(files.cert().toFile(), files.key().toFile());
        } catch (IllegalArgumentException e) {
            throw new TlsConfigException(files.cert() + " or " + files.key()
                    + ": not a PEM certificate chain and PKCS#8 private key (" + rootMessage(e) + ")", e);
        }
        builder.sslProvider(PROVIDER).protocols(PROTOCOLS);
        if (files.clientCa().isPresent()) {
            builder.trustManager(files.clientCa().get().toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        if (!alpn.isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    alpn));
        }
        try {
            return new Loaded(builder.build(), stamp);
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsConfigException(describe(files) + ": " + rootMessage(e), e);
        }
    }

    private static List<FileTime> stamp(TlsFiles files) throws TlsConfigException {
        List<Path> paths = new ArrayList<>(List.of(files.cert(), files.key()));
        files.clientCa().ifPresent(paths::add);
        List<FileTime> stamp = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.isReadable(path)) {
                throw new TlsConfigException(path + ": no such file, or not readable", null);
            }
            try {
                stamp.add(Files.getLastModifiedTime(path));
            } catch (IOException e) {
                throw new TlsConfigException(path + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(stamp);
    }

    private static String describe(TlsFiles files) {
        return "cert " + files.cert() + ", key " + files.key()
                + files.clientCa().map(ca -> ", client_ca " + ca).orElse("");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
