package org.awsdns.server.reliability;

import java.net.InetSocketAddress;
import org.awsdns.server.cli.AwsdnsServer;

/** The real server, started in-process from YAML on loopback, for the reliability tests. */
final class Servers {
    static final String NAME = "web.demo.internal.";
    static final String ADDRESS = "172.31.40.11";
    /** A name forwarded to an upstream that never answers: its queries stay in flight. */
    static final String SLOW = "slow.demo.internal.";

    private Servers() {}

    /** A server on 127.0.0.1 answering {@link #NAME} from a hosts plugin, with {@code transport} as its transport section. */
    static AwsdnsServer start(String transport) {
        return start(transport, 9); // the discard port: nothing answers there
    }

    /**
     * The same, forwarding every other name (such as {@link #SLOW}) to {@code silentPort} on
     * 127.0.0.1, with a minute to wait for it.
     */
    static AwsdnsServer start(String transport, int silentPort) {
        return AwsdnsServer.fromYaml(yaml(transport, silentPort));
    }

    /** The listen line of {@link #yaml}, for a test to replace with listen addresses of its own. */
    static final String LISTEN = "  - listen: [\"127.0.0.1:0\"]";

    /** The configuration {@link #start(String, int)} runs. */
    static String yaml(String transport, int silentPort) {
        return """
                transport: %s
                servers:
                  - listen: ["127.0.0.1:0"]
                    zones: ["demo.internal."]
                    plugins:
                      - hosts:
                          entries: ["%s %s"]
                      - forward:
                          to: ["127.0.0.1:%d"]
                          timeout: 60s
                          deadline: 60s
                          max_fails: 0
                """.formatted(transport, ADDRESS, NAME, silentPort);
    }

    /** How many connections ended for {@code reason}. */
    static double closed(AwsdnsServer server, String reason) {
        return counter(server, "awsdns_connections_closed", "transport", "tcp", "reason", reason);
    }

    static InetSocketAddress dns(AwsdnsServer server) {
        return server.boundAddresses().get(0);
    }

    static double counter(AwsdnsServer server, String name, String... tags) {
        var search = server.meterRegistry().find(name).tags(tags);
        return search.counter() == null ? 0 : search.counter().count();
    }
}
