package org.awsdns.server.config;

/**
 * A block's {@code tls:} section: the PEM files its {@code tls://} and {@code https://} listeners
 * present. Relative paths are read from the configuration file's folder.
 *
 * @param cert the certificate chain, leaf first; required
 * @param key its private key, PKCS#8 ({@code BEGIN PRIVATE KEY}); required
 * @param clientCa when given, clients must present a certificate issued by one of these CAs
 */
public record TlsConfig(String cert, String key, String clientCa) {
    public TlsConfig {
        if (cert == null || cert.isBlank()) {
            throw new IllegalArgumentException("'cert' is required: the PEM certificate chain, e.g. cert: /etc/awsdns/tls/cert.pem");
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("'key' is required: the PEM private key (PKCS#8), e.g. key: /etc/awsdns/tls/key.pem");
        }
    }
}
