package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import org.awsdns.server.tls.TlsContextSource;

/**
 * How an encrypted listen address serves: DNS over TLS (RFC 7858), or DNS over HTTPS (RFC 8484)
 * at {@code path}, with the block's certificate.
 */
public record SecureListen(boolean https, String path, TlsContextSource tls) {
    public SecureListen {
        requireNonNull(path, "path is null");
        requireNonNull(tls, "tls is null");
    }
}
