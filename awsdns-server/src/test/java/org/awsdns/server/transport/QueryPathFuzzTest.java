package org.awsdns.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.awsdns.core.Transport;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.awsdns.server.reliability.QueryMutator;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;

/**
 * The in-process fuzz target: bytes through decode, route, the chain of real plugins (cache,
 * hosts, soa) and encode, as {@link QueryProcessor} serves them for a listener. For every input:
 * nothing thrown, exactly one outcome for the listener (a reply, nothing, or a drop), a reply that
 * parses, no UDP error reply larger than the query, nothing logged at WARN. Bounded to a few
 * thousand tries per property so it runs in seconds in {@code mvn verify}; scripts/fuzz.sh is the
 * long campaign over sockets.
 */
class QueryPathFuzzTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5300);

    private static AwsdnsServer server;
    private static QueryProcessor processor;
    private static ListenEndpoint endpoint;
    private static ScheduledExecutorService timer;
    private static ListAppender<ILoggingEvent> log;

    @BeforeContainer
    static void start() {
        server = AwsdnsServer.fromYaml(QueryMutator.TARGET_YAML);
        List<ServerBlock> blocks = server.blocks();
        Map<InetSocketAddress, Integer> ids = new HashMap<>();
        List<InetSocketAddress> addresses = Routes.addresses(blocks);
        for (int i = 0; i < addresses.size(); i++) {
            ids.put(addresses.get(i), i);
        }
        TransportMetrics metrics = new TransportMetrics(new MicrometerMetrics(new SimpleMeterRegistry()));
        Routes routes = Routes.of(blocks, ids, ServerSettings.defaults(), metrics);
        timer = Executors.newSingleThreadScheduledExecutor();
        processor = new QueryProcessor(routes, metrics, new FailureLog(0), timer);
        endpoint = new ListenEndpoint(0, addresses.get(0));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log = new ListAppender<>();
        log.setContext(root.getLoggerContext());
        log.start();
        root.addAppender(log);
    }

    @AfterContainer
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        timer.shutdownNow();
        server.close();
    }

    @Property(tries = 2500)
    void mutatedQueriesGetOneSafeOutcome(@ForAll("mutatedQueries") byte[] packet) throws InterruptedException {
        serveAndCheck(packet, Transport.UDP);
        serveAndCheck(packet, Transport.TCP);
    }

    @Property(tries = 500)
    void randomBytesGetOneSafeOutcome(@ForAll @Size(max = 600) byte[] packet) throws InterruptedException {
        serveAndCheck(packet, Transport.UDP);
    }

    @Provide
    Arbitrary<byte[]> mutatedQueries() {
        return Arbitraries.randomValue(QueryMutator::next);
    }

    private static void serveAndCheck(byte[] packet, Transport transport) throws InterruptedException {
        Outcomes outcomes = new Outcomes();

        processor.process(packet, CLIENT, endpoint, transport, outcomes);

        Object outcome = outcomes.queue.poll(5, TimeUnit.SECONDS);
        assertThat(outcome).as("an outcome").isNotNull();
        if (outcome instanceof byte[] reply) {
            Message message = parse(reply);
            int rcode = message.getRcode();
            if (transport == Transport.UDP && rcode != 0 && rcode != 3) {
                assertThat(reply.length).as("UDP error reply size, rcode %d", rcode).isLessThanOrEqualTo(packet.length);
            }
        }
        assertThat(outcomes.queue.poll(0, TimeUnit.MILLISECONDS)).as("a second outcome").isNull();
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

    /** Every outcome the processor hands the listener. */
    private static final class Outcomes implements ReplyTarget {
        final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4);

        @Override
        public void send(byte[] reply, InetSocketAddress client) {
            queue.add(reply);
        }

        @Override
        public void noReply(InetSocketAddress client) {
            queue.add("no reply");
        }

        @Override
        public void dropped(InetSocketAddress client) {
            queue.add("dropped");
        }
    }
}
