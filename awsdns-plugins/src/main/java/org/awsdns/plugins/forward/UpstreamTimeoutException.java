package org.awsdns.plugins.forward;

import java.net.InetSocketAddress;

/** An upstream did not reply within the attempt's timeout. */
final class UpstreamTimeoutException extends Exception {
    UpstreamTimeoutException(InetSocketAddress server) {
        super("no reply from " + Upstream.label(server) + " in time", null, false, false);
    }
}
