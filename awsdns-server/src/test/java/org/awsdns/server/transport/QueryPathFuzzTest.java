package org.awsdns.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.awsdns.core.Transport;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.reliability.QueryMutator;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;

/**
 * The in-process fuzz target: bytes through decode, route, the chain of real plugins (cache,
 * hosts, soa) and encode, through the server's {@link QueryPath} as its listeners use it. For every input:
 * nothing thrown, exactly one outcome for the listener (a reply, nothing, or a drop), a reply that
 * parses, no UDP error reply larger than the query, nothing logged at WARN. Bounded to a few
 * thousand inputs so it runs in seconds in {@code mvn verify}; scripts/fuzz.sh is the long
 * campaign over sockets. Each run draws a new seed, named in any failure; {@code -Dawsdns.fuzz.seed=N}
 * replays one, {@code -Dawsdns.fuzz.inputs=N} runs longer.
 */
class QueryPathFuzzTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5300);

    private static AwsdnsServer server;
    private static QueryPath queryPath;
    private static ListAppender<ILoggingEvent> log;

    @BeforeAll
    static void start() {
        server = AwsdnsServer.fromYaml(QueryMutator.TARGET_YAML);
        queryPath = server.queryPath(server.boundAddresses().get(0));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log = new ListAppender<>();
        log.setContext(root.getLoggerContext());
        log.start();
        root.addAppender(log);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        server.close();
    }

    private static final long SEED = Long.getLong("awsdns.fuzz.seed", System.nanoTime());
    private static final int INPUTS = Integer.getInteger("awsdns.fuzz.inputs", 2500);

    @Test
    void mutatedQueriesGetOneSafeOutcome() throws Exception {
        Random random = new Random(SEED);
        for (int i = 0; i < INPUTS; i++) {
            byte[] packet = QueryMutator.next(random);
            serveAndCheck(packet, Transport.UDP, i);
            serveAndCheck(packet, Transport.TCP, i);
        }
    }

    @Test
    void randomBytesGetOneSafeOutcome() throws Exception {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < INPUTS / 5; i++) {
            byte[] packet = new byte[random.nextInt(601)];
            random.nextBytes(packet);
            serveAndCheck(packet, Transport.UDP, i);
        }
    }

    private static void serveAndCheck(byte[] packet, Transport transport, int index) throws Exception {
        try {
            serveAndCheck(packet, transport);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("input " + index + " of seed " + SEED + " (-Dawsdns.fuzz.seed=" + SEED + "), "
                    + transport + ": " + java.util.HexFormat.of().formatHex(packet), e);
        }
    }

    private static void serveAndCheck(byte[] packet, Transport transport) throws Exception {
        // one outcome by construction: the query path returns it (a pending one completes once)
        Outcome outcome = queryPath.process(packet, CLIENT, transport);
        if (outcome instanceof Outcome.Pending pending) {
            outcome = pending.completion().get(5, TimeUnit.SECONDS);
        }
        assertThat(outcome).as("an outcome").isNotNull().isNotInstanceOf(Outcome.Pending.class);
        if (outcome instanceof Outcome.Reply reply) {
            Message message = parse(reply.bytes());
            int rcode = message.getRcode();
            if (transport == Transport.UDP && rcode != 0 && rcode != 3) {
                assertThat(reply.length()).as("UDP error reply size, rcode %d", rcode)
                        .isLessThanOrEqualTo(packet.length);
            }
        }
        List<String> warnings;
        synchronized (log.list) {
            warnings = log.list.stream()
                    .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
        assertThat(warnings).isEmpty();
    }

    private static Message parse(byte[] reply) {
        try {
            return new Message(reply);
        } catch (java.io.IOException e) {
            throw new AssertionError("the server's reply does not parse", e);
        }
    }

}
