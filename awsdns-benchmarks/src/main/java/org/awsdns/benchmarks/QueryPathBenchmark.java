package org.awsdns.benchmarks;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.Pipeline;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.core.Transport;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.transport.Outcome;
import org.awsdns.server.transport.QueryPath;
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
 * One UDP query on the inventory path, as a listener serves it, without the socket: the server's
 * public {@link QueryPath} (what its listeners call for each packet) decodes the packet, routes
 * it, runs the real plugins (created by their factories from YAML, as {@code awsdns serve} does)
 * and encodes the reply. Also two of those steps apart: decode, chain.
 *
 * <p>Run with {@code -prof gc} (as {@code bench/jmh.sh} does) for the bytes allocated per query.
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
    private QueryPath queryPath;
    private Pipeline pipeline;
    private InetSocketAddress local;
    private final InetSocketAddress client = new InetSocketAddress("127.0.0.1", 40000);
    private byte[][] packets;
    private Message[] requests;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        inventory = BenchData.writeInventory(instances);
        server = BenchData.startServer(inventory, chain.startsWith("cache"));
        local = server.boundAddresses().get(0);
        queryPath = server.queryPath(local);
        pipeline = server.blocks().get(0).pipeline();
        packets = BenchData.packets(kind, PACKETS, instances, false, 42);
        requests = new Message[PACKETS];
        for (int i = 0; i < PACKETS; i++) {
            requests[i] = new Message(packets[i]);
            // fills the cache
            if (!(queryPath.process(packets[i], client, Transport.UDP) instanceof Outcome.Reply)) {
                throw new IllegalStateException("no synchronous reply for " + requests[i].getQuestion());
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
        inventory.toFile().delete();
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (PACKETS - 1);
        return i;
    }

    /** decode → route → chain → encode: the outcome a listener would write. */
    @Benchmark
    public Outcome process() {
        return queryPath.process(packets[nextIndex()], client, Transport.UDP);
    }

    /** The dnsjava parse the decoder does. */
    @Benchmark
    public Message decode() throws Exception {
        return new Message(packets[nextIndex()]);
    }

    /** The chain alone, from a parsed request (the Query built as the query path builds it). */
    @Benchmark
    public Response chainOnly() {
        Query query = Query.builder(requests[nextIndex()])
                .client(client)
                .local(local)
                .transport(Transport.UDP)
                .maxResponseSize(512)
                .serverBlock("servers[0]")
                .build();
        return pipeline.execute(query).toCompletableFuture().join();
    }
}
