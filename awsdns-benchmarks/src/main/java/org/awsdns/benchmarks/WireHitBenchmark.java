package org.awsdns.benchmarks;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.Pipeline;
import org.awsdns.core.Query;
import org.awsdns.core.QueryMessage;
import org.awsdns.core.Response;
import org.awsdns.core.Transport;
import org.awsdns.core.WirePatcher;
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
 * An inventory (or cache) hit in process, from a decoded query to the reply bytes: the Query
 * built as the server builds it, the real chain (plugins made from YAML by their factories, as
 * {@code awsdns serve} makes them) and the reply patched from the kept wire bytes
 * ({@link WirePatcher}, what the server's encoder does for such a response). Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per query (issue 10's bar:
 * at most 256). Decoding the packet (dnsjava's {@code Message}) is not part of it: see
 * {@code QueryPathBenchmark.decode}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class WireHitBenchmark {
    private static final int PACKETS = 4096;

    /** The chain: the harness's ({@code cache} first) or the same without the cache. */
    @Param({"cache+ec2", "ec2"})
    public String chain;

    /** A of a known name, PTR of a known address. */
    @Param({"A", "PTR"})
    public String kind;

    @Param("10000")
    public int instances;

    private Path inventory;
    private AwsdnsServer server;
    private Pipeline pipeline;
    private final InetSocketAddress client = new InetSocketAddress("127.0.0.1", 40000);
    private InetSocketAddress local;
    private QueryMessage[] requests;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        inventory = BenchData.writeInventory(instances);
        server = BenchData.startServer(inventory, chain.startsWith("cache"));
        pipeline = server.blocks().get(0).pipeline();
        local = server.blocks().get(0).listen().get(0);
        byte[][] packets = BenchData.packets(kind, PACKETS, instances, false, 42);
        requests = new QueryMessage[PACKETS];
        for (int i = 0; i < PACKETS; i++) {
            requests[i] = QueryMessage.parse(packets[i]); // as the server's decoder reads them
            if (requests[i] == null || hit() == null) {
                throw new IllegalStateException("not a wire answer: " + new Message(packets[i]).getQuestion());
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
        inventory.toFile().delete();
    }

    /** Query → chain → patched reply, a new array (as a reply that completes later is returned). */
    @Benchmark
    public byte[] hit() {
        QueryMessage request = nextRequest();
        return WirePatcher.reply(request, answer(request), 1232, 512);
    }

    /**
     * Query → chain → patched reply written into a buffer reused across queries: what the server
     * does for a reply it gives at once (the encoder's lent buffer, copied into the transport's).
     */
    @Benchmark
    public int hitIntoBuffer() {
        QueryMessage request = nextRequest();
        return WirePatcher.write(request, answer(request), 1232, 512, buffer, 0);
    }

    private final byte[] buffer = new byte[65535];

    private QueryMessage nextRequest() {
        int i = next;
        next = (i + 1) & (PACKETS - 1);
        return requests[i];
    }

    private Response answer(QueryMessage request) {
        Query query = Query.received(request, client, local, Transport.UDP, 512, "servers[0]", System.nanoTime());
        return pipeline.execute(query).toCompletableFuture().join();
    }
}
