package org.awsdns.core;

/** The protocol a query arrived over. */
public enum Transport {
    UDP,
    TCP,
    /** DNS over TLS, RFC 7858. */
    TLS,
    /** DNS over HTTPS, RFC 8484. */
    HTTPS
}
