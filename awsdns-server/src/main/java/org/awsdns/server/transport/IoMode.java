package org.awsdns.server.transport;

import io.netty.channel.epoll.Epoll;
import java.util.Locale;

/**
 * How the listeners do their I/O ({@code transport: {io: ...}}): Netty's native epoll transport
 * (batched {@code recvmmsg}/{@code sendmmsg}, SO_REUSEPORT), or Java NIO, which runs everywhere.
 */
public enum IoMode {
    /** epoll where it loads (Linux on x86_64 or aarch64), NIO otherwise. */
    AUTO,
    EPOLL,
    NIO;

    /** The default of {@code transport.io}: the system property {@code awsdns.io} if set (the test suite runs per mode), else auto. */
    static IoMode defaultMode() {
        String property = System.getProperty("awsdns.io");
        return property == null || property.isBlank() ? AUTO : parse(property);
    }

    /** {@code auto}, {@code epoll} or {@code nio}, any case. */
    public static IoMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("io must be auto, epoll or nio, got '" + text + "'");
        }
    }

    /** The mode that runs: AUTO resolved. */
    IoMode resolve() {
        if (this == AUTO) {
            return Epoll.isAvailable() ? EPOLL : NIO;
        }
        return this;
    }

    /** Why epoll does not load here, or null when it does. */
    static String epollUnavailableReason() {
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? null : String.valueOf(cause.getMessage());
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
