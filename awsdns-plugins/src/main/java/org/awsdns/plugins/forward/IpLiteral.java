package org.awsdns.plugins.forward;

import java.net.InetAddress;
import org.awsdns.core.IpLiterals;

/** Parses IP address literals without ever asking DNS (unlike {@link InetAddress#getByName} on a name). */
final class IpLiteral {
    private IpLiteral() {}

    static InetAddress parse(String host, String original) {
        InetAddress address = IpLiterals.parse(host);
        if (address == null) {
            throw notLiteral(original);
        }
        return address;
    }

    private static IllegalArgumentException notLiteral(String original) {
        return new IllegalArgumentException("invalid upstream address [" + original
                + "]: not an IP literal; write e.g. 10.0.0.2:53 or [fd00::2]:53 (host names are not looked up)");
    }
}
