package org.awsdns.server.reliability;

import java.net.InetSocketAddress;
import org.awsdns.server.cli.AwsdnsServer;

/** The real server, started in-process from YAML on loopback, for the reliability tests. */
final class Servers {
    static final String NAME = "web.demo.internal.";
    static final String ADDRESS = "172.31.40.11";

    private Servers() {}

    /** A server on 127.0.0.1 answering {@link #NAME} from a hosts plugin, with {@code transport} as its transport section. */
    static AwsdnsServer start(String transport) {
        return AwsdnsServer.fromYaml("""
                transport: %s
                servers:
                  - listen: ["127.0.0.1:0"]
                    zones: ["demo.internal."]
                    plugins:
                      - hosts:
                          entries: ["%s %s"]
                """.formatted(transport, ADDRESS, NAME));
    }

    static InetSocketAddress dns(AwsdnsServer server) {
        return server.boundAddresses().get(0);
    }

    static double counter(AwsdnsServer server, String name, String... tags) {
        var search = server.meterRegistry().find(name).tags(tags);
        return search.counter() == null ? 0 : search.counter().count();
    }
}
