package org.awsdns.server.tls;

/** A TLS file that cannot be used; the message names the file and what is wrong. */
public final class TlsConfigException extends Exception {
    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
