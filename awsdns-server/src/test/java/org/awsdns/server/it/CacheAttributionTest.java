package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import org.awsdns.plugins.testing.unbound.Unbound;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Type;

/**
 * With a cache first in the chain, logs and the {@code plugin} label name the plugin that produced
 * an answer (a hit replays it), and the cache's own part is a field of its own.
 */
class CacheAttributionTest {
    private final Logger queryLog = (Logger) LoggerFactory.getLogger("awsdns.query");
    private final Logger forwardLog = (Logger) LoggerFactory.getLogger("org.awsdns.plugins.forward.ForwardCall");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Level queryLevel;
    private Level forwardLevel;

    @TempDir
    Path work;

    @BeforeEach
    void capture() {
        queryLevel = queryLog.getLevel();
        forwardLevel = forwardLog.getLevel();
        queryLog.setLevel(Level.INFO);
        forwardLog.setLevel(Level.DEBUG);
        lines.start();
        queryLog.addAppender(lines);
        forwardLog.addAppender(lines);
    }

    @AfterEach
    void release() {
        queryLog.detachAppender(lines);
        forwardLog.detachAppender(lines);
        queryLog.setLevel(queryLevel);
        forwardLog.setLevel(forwardLevel);
    }

    @Test
    void answeredByAndThePluginLabelNameTheProducerNotTheCache() throws Exception {
        try (Unbound upstream = Unbound.start(work);
                AwsdnsServer server = AwsdnsServer.fromYaml("""
                        metrics: {listen: "127.0.0.1:0"}
                        servers:
                          - listen: ["127.0.0.1:0"]
                            plugins:
                              - log
                              - cache
                              - hosts: {entries: ["10.0.0.10 web.demo.internal"]}
                              - forward: {to: ["%s"]}
                        """.formatted(upstream.hostPort()))) {
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));
            client.udp(Queries.message("web.demo.internal.", Type.A));
            client.udp(Queries.message("web.demo.internal.", Type.A));
            client.udp(Queries.message("www.up.example.", Type.A));
            client.udp(Queries.message("www.up.example.", Type.A));

            List<String> queries = messages("awsdns.query");
            assertThat(queries).hasSize(4);
            assertThat(queries.get(0)).contains("web.demo.internal. A NOERROR").endsWith("answered_by=hosts answers=1 cache=miss");
            assertThat(queries.get(1)).contains("web.demo.internal. A NOERROR").endsWith("answered_by=hosts answers=1 cache=hit");
            assertThat(queries.get(2)).contains("www.up.example. A NOERROR").endsWith("answered_by=forward answers=1 cache=miss");
            assertThat(queries.get(3)).contains("www.up.example. A NOERROR").endsWith("answered_by=forward answers=1 cache=hit");
            assertThat(messages(forwardLog.getName())).singleElement().satisfies(line -> assertThat(line)
                    .matches("forward: www\\.up\\.example\\. A via " + upstream.hostPort().replace(".", "\\.")
                            + " over udp: NOERROR in \\d+\\.\\d\\dms"));

            List<Scrape.Sample> samples = Scrape.parse(Scrape.get(server.metricsAddress().orElseThrow(), "/metrics").body());
            assertThat(Scrape.value(samples, "awsdns_responses_total", "plugin", "hosts")).isEqualTo(2);
            assertThat(Scrape.value(samples, "awsdns_responses_total", "plugin", "forward")).isEqualTo(2);
            assertThat(Scrape.find(samples, "awsdns_responses_total", "plugin", "cache")).isEmpty();
        }
    }

    private List<String> messages(String logger) {
        return lines.list.stream().filter(event -> event.getLoggerName().equals(logger))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
