package org.awsdns.benchmarks;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.awsdns.plugins.ec2.forward.ForwardView;
import org.awsdns.plugins.ec2.inventory.AttributeRef;
import org.awsdns.plugins.ec2.inventory.Ec2Instance;
import org.awsdns.plugins.ec2.inventory.Ec2Inventory;
import org.awsdns.plugins.ec2.inventory.FileInstanceSource;
import org.awsdns.plugins.ec2.inventory.InventoryIndex;
import org.awsdns.plugins.ec2.reverse.ReverseView;
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
import org.xbill.DNS.Name;
import org.xbill.DNS.ReverseMap;

/**
 * The inventory's lookups, as ec2-forward and ec2-reverse make them ({@link Ec2Inventory#find} on
 * the views the plugins registered), and the index build from a describe-instances file.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class InventoryBenchmark {
    private static final int NAMES = 4096;

    @Param("10000")
    public int instances;

    private Path file;
    private AwsdnsServer server;
    private Ec2Inventory inventory;
    private ForwardView.Spec forwardSpec;
    private ReverseView.Spec reverseSpec;
    private Name[] names;
    private Name[] reverseNames;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        file = BenchData.writeInventory(instances);
        server = BenchData.startServer(file, false);
        inventory = server.resources().resource(BenchData.INVENTORY, Ec2Inventory.class).orElseThrow();
        Name zone = Name.fromString(BenchData.ZONE);
        // equal to the specs the plugins registered (records), so the same views are read
        forwardSpec = new ForwardView.Spec(AttributeRef.tagRef("Name"), zone, 60, false);
        reverseSpec = new ReverseView.Spec(false, AttributeRef.tagRef("Name"), zone, 60);
        Random random = new Random(7);
        names = new Name[NAMES];
        reverseNames = new Name[NAMES];
        for (int n = 0; n < NAMES; n++) {
            int i = 1 + random.nextInt(instances);
            names[n] = Name.fromString("host-" + i + "." + BenchData.ZONE);
            reverseNames[n] = ReverseMap.fromAddress(BenchData.address(i));
        }
        if (inventory.find(forwardSpec, ForwardView::get, names[0]) == null
                || inventory.find(reverseSpec, ReverseView::get, reverseNames[0]) == null) {
            throw new IllegalStateException("the benchmark's view specs differ from the plugins'");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
        file.toFile().delete();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public ForwardView.Entry forwardLookup() {
        Name name = names[next];
        next = (next + 1) & (NAMES - 1);
        return inventory.find(forwardSpec, ForwardView::get, name);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public ReverseView.Entry reverseLookup() {
        Name name = reverseNames[next];
        next = (next + 1) & (NAMES - 1);
        return inventory.find(reverseSpec, ReverseView::get, name);
    }

    /**
     * Reading the file and building the index with the views of ec2-forward and ec2-reverse, as a
     * (re)load does; single shot, so the first builds include JIT warm-up as a server start does.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public InventoryIndex indexBuild() {
        FileInstanceSource source = new FileInstanceSource(file,
                Map.of("instance-state-name", List.of("running")),
                Runnable::run);
        List<Ec2Instance> loaded = source.loadAll(UnaryOperator.identity()).join(); // a first load: nothing known
        InventoryIndex index = InventoryIndex.of(loaded, Instant.now());
        index.view(forwardSpec);
        index.view(reverseSpec);
        return index;
    }
}
