package org.awsdns.server.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awsdns.server.tls.DohChannelInitializer;
import org.awsdns.server.tls.TlsConfigException;
import org.awsdns.server.tls.TlsContextSource;
import org.awsdns.server.tls.TlsFiles;
import org.awsdns.server.transport.SecureListen;

/**
 * The encrypted listen addresses of one block, with its certificate loaded: so {@code check}
 * refuses a missing or broken PEM file as {@code serve} would, naming the file and the line of
 * the block's {@code tls:}.
 */
final class SecureListeners {
    private SecureListeners() {}

    static Map<InetSocketAddress, SecureListen> of(ServerConfig server, String name, Path baseDirectory, Locations locations) {
        List<ListenAddress> encrypted = server.listen().stream().filter(address -> address.scheme().encrypted()).toList();
        String tlsPath = Locations.child(name, "tls");
        if (encrypted.isEmpty()) {
            if (server.tls() != null) {
                throw new ConfigException(locations.locate(tlsPath) + ": " + tlsPath
                        + ": no listener of this block uses it; add a tls://HOST:PORT or https://HOST:PORT/PATH to listen");
            }
            return Map.of();
        }
        if (server.tls() == null) {
            int index = server.listen().indexOf(encrypted.get(0));
            String listenPath = Locations.element(Locations.child(name, "listen"), index);
            throw new ConfigException(locations.locate(listenPath) + ": " + listenPath + ": " + encrypted.get(0)
                    + " needs the block's certificate: add tls: {cert: FILE, key: FILE}");
        }
        TlsConfig tls = server.tls();
        TlsFiles files = new TlsFiles(resolve(baseDirectory, tls.cert()), resolve(baseDirectory, tls.key()),
                Optional.ofNullable(tls.clientCa()).map(ca -> resolve(baseDirectory, ca)));
        Map<InetSocketAddress, SecureListen> secure = new LinkedHashMap<>();
        try {
            boolean anyTls = encrypted.stream().anyMatch(address -> address.scheme() == ListenAddress.Scheme.TLS);
            boolean anyHttps = encrypted.stream().anyMatch(address -> address.scheme() == ListenAddress.Scheme.HTTPS);
            TlsContextSource dot = anyTls ? TlsContextSource.load(files, List.of("dot")) : null;
            TlsContextSource doh = anyHttps ? TlsContextSource.load(files, DohChannelInitializer.ALPN) : null;
            for (ListenAddress address : encrypted) {
                boolean https = address.scheme() == ListenAddress.Scheme.HTTPS;
                secure.put(address.address(), new SecureListen(https, address.path(), https ? doh : dot));
            }
        } catch (TlsConfigException e) {
            throw new ConfigException(locations.locate(tlsPath) + ": " + tlsPath + ": " + e.getMessage(), e);
        }
        return secure;
    }

    private static Path resolve(Path baseDirectory, String file) {
        return baseDirectory.resolve(file).normalize();
    }
}
