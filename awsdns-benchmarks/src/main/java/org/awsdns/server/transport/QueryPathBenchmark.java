package org.awsdns.server.transport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.util.Map;
import org.awsdns.server.metrics.MicrometerMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awsdns.benchmarks.BenchData;
import org.awsdns.core.Pipeline;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.core.Transport;
import org.awsdns.server.cli.AwsdnsServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.Message;

/**
 * One UDP query on the inventory path, as a listener serves it, without the socket:
 * {@link QueryProcessor#process} decodes the packet, routes it, runs the real plugins (created by
 * their factories from YAML, as {@code awsdns serve} does) and encodes the reply. Also the same
 * steps apart: decode, chain, encode.
 *
 * <p>This class lives in the transport package because {@link QueryProcessor} and its parts are
 * package-private; on the class path a package may span jars.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class QueryPathBenchmark {
    private static final int PACKETS = 4096;

    /** The chain: the harness's ({@code cache} first) or the same without the cache. */
    @Param({"cache+ec2", "ec2"})
    public String chain;

    /** A of a known name, PTR of a known address, A of a missing name (NXDOMAIN with the SOA). */
    @Param({"A", "PTR", "NX"})
    public String kind;

    @Param("10000")
    public int instances;

    private Path inventory;
    private AwsdnsServer server;
    private ScheduledExecutorService timer;
    private QueryProcessor processor;
    private ResponseEncoder encoder;
    private Pipeline pipeline;
    private ListenEndpoint endpoint;
    private final InetSocketAddress client = new InetSocketAddress("127.0.0.1", 40000);
    private final Capture target = new Capture();
    private byte[][] packets;
    private Message[] requests;
    private Response[] responses;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        inventory = BenchData.writeInventory(instances);
        server = BenchData.startServer(inventory, chain.startsWith("cache"));
        timer = Executors.newSingleThreadScheduledExecutor();
        ServerSettings settings = new ServerSettings(null, 1, null, null, null, Duration.ofSeconds(10), null);
        TransportMetrics metrics = new TransportMetrics(new MicrometerMetrics(new SimpleMeterRegistry()));
        InetSocketAddress local = server.blocks().get(0).listen().get(0);
        processor = new QueryProcessor(Routes.of(server.blocks(), Map.of(local, 0), settings, metrics),
                metrics, new FailureLog(TimeUnit.SECONDS.toNanos(1)), timer);
        encoder = new ResponseEncoder(settings.ednsUdpSize());
        pipeline = server.blocks().get(0).pipeline();
        endpoint = new ListenEndpoint(0, local);
        packets = BenchData.packets(kind, PACKETS, instances, false, 42);
        requests = new Message[PACKETS];
        responses = new Response[PACKETS];
        for (int i = 0; i < PACKETS; i++) {
            requests[i] = new Message(packets[i]);
            processor.process(packets[i], client, endpoint, Transport.UDP, target); // fills the cache
            if (target.reply == null) {
                throw new IllegalStateException("no synchronous reply for " + requests[i].getQuestion());
            }
            responses[i] = runChain(requests[i]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
        timer.shutdownNow();
        inventory.toFile().delete();
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (PACKETS - 1);
        return i;
    }

    /** decode → route → chain → encode, the reply handed to a target that keeps it. */
    @Benchmark
    public byte[] process() {
        processor.process(packets[nextIndex()], client, endpoint, Transport.UDP, target);
        return target.reply;
    }

    /** The dnsjava parse the decoder does. */
    @Benchmark
    public Message decode() throws Exception {
        return new Message(packets[nextIndex()]);
    }

    /** The chain alone, from a parsed request (the Query built as QueryProcessor builds it). */
    @Benchmark
    public Response chainOnly() {
        return runChain(requests[nextIndex()]);
    }

    /** The encoder alone, from a finished response. */
    @Benchmark
    public byte[] encode() {
        int i = nextIndex();
        return encoder.encode(requests[i], responses[i], 512);
    }

    private Response runChain(Message request) {
        Query query = Query.builder(request)
                .client(client)
                .local(endpoint.local())
                .transport(Transport.UDP)
                .maxResponseSize(512)
                .serverBlock("servers[0]")
                .build();
        return pipeline.execute(query).toCompletableFuture().join();
    }

    private static final class Capture implements ReplyTarget {
        byte[] reply;

        @Override
        public void send(byte[] reply, InetSocketAddress client) {
            this.reply = reply;
        }

        @Override
        public void noReply(InetSocketAddress client) {
            this.reply = null;
        }

        @Override
        public void dropped(InetSocketAddress client) {
            this.reply = null;
        }
    }
}
