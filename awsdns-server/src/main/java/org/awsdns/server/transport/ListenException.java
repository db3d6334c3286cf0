package org.awsdns.server.transport;

import java.io.IOException;
import java.net.InetSocketAddress;

/** An address that could not be bound (DNS or HTTP), with the cause the kernel gave. */
public final class ListenException extends IOException {
    private final InetSocketAddress address;

    public ListenException(InetSocketAddress address, Throwable cause) {
        super("cannot listen on " + org.awsdns.core.IpLiterals.format(address) + ": " + cause.getMessage(), cause);
        this.address = address;
    }

    /** The address asked for (port 0 when the kernel was to pick one). */
    public InetSocketAddress address() {
        return address;
    }
}
