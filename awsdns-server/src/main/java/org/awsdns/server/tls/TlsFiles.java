package org.awsdns.server.tls;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The PEM files of a block's {@code tls:} section.
 *
 * @param cert the server's certificate chain, leaf first
 * @param key the certificate's private key, PKCS#8 ({@code BEGIN PRIVATE KEY})
 * @param clientCa when present, clients must present a certificate issued by one of these CAs
 */
public record TlsFiles(Path cert, Path key, Optional<Path> clientCa) {
    public TlsFiles {
        requireNonNull(cert, "cert is null");
        requireNonNull(key, "key is null");
        requireNonNull(clientCa, "clientCa is null");
    }
}
