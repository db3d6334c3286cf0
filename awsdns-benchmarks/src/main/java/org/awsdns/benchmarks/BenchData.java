package org.awsdns.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.awsdns.server.cli.AwsdnsServer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The data the benchmarks share with {@code bench/run.sh}: instance {@code i} (1-based) is named
 * {@code host-i} (so answered as {@code host-i.bench.internal.}) and holds the private address
 * {@code 10.(i>>16).(i>>8).i}, in an inventory file shaped like {@code aws ec2 describe-instances}.
 */
public final class BenchData {
    public static final String ZONE = "bench.internal.";
    public static final String INVENTORY = "bench";

    private BenchData() {}

    public static String address(int i) {
        return "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
    }

    /** Writes an inventory of {@code instances} running instances to a new temporary file. */
    public static Path writeInventory(int instances) {
        try {
            Path file = Files.createTempFile("awsdns-bench-", ".json");
            file.toFile().deleteOnExit();
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write("{\"Reservations\":[{\"Instances\":[\n");
                for (int i = 1; i <= instances; i++) {
                    String ip = address(i);
                    out.write(String.format(
                            "{\"InstanceId\":\"i-%017x\",\"PrivateIpAddress\":\"%s\",\"State\":{\"Name\":\"running\"},"
                                    + "\"Tags\":[{\"Key\":\"Name\",\"Value\":\"host-%d\"}],\"NetworkInterfaces\":[{"
                                    + "\"PrivateIpAddresses\":[{\"PrivateIpAddress\":\"%s\",\"Primary\":true}],"
                                    + "\"Ipv6Addresses\":[]}]}%s\n",
                            i, ip, i, ip, i < instances ? "," : ""));
                }
                out.write("]}]}\n");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The chain of the harness's inventory scenario, optionally without the cache, serving
     * {@code inventoryFile} on an ephemeral loopback port (the benchmarks do not use the socket).
     */
    public static AwsdnsServer startServer(Path inventoryFile, boolean withCache) {
        String yaml = "inventories:\n"
                + "  " + INVENTORY + ":\n"
                + "    file: " + inventoryFile.toAbsolutePath() + "\n"
                + "    refresh: 1h\n"
                + "servers:\n"
                + "  - listen: [\"127.0.0.1:0\"]\n"
                + "    zones: [\"" + ZONE + "\", \"10.in-addr.arpa.\"]\n"
                + "    plugins:\n"
                + (withCache ? "      - cache: {capacity: 100000}\n" : "")
                + "      - ec2-forward: {inventory: " + INVENTORY + ", zone: " + ZONE + ", ttl: 60}\n"
                + "      - ec2-reverse: {inventory: " + INVENTORY + ", zone: " + ZONE + ", ttl: 60}\n"
                + "      - soa: {zone: " + ZONE + ", mname: ns1." + ZONE + ", rname: hostmaster." + ZONE + "}\n";
        AwsdnsServer server = AwsdnsServer.fromYaml(yaml);
        awaitLoaded(server);
        return server;
    }

    private static void awaitLoaded(AwsdnsServer server) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!server.resources().notReady().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("inventory not loaded: " + server.resources().notReady());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The question of the given kind for a random instance: "A", "PTR", or "NX" (a missing name). */
    public static Record question(String kind, int instances, Random random) {
        int i = 1 + random.nextInt(instances);
        try {
            switch (kind) {
                case "A":
                    return Record.newRecord(Name.fromString("host-" + i + "." + ZONE), Type.A, DClass.IN);
                case "PTR":
                    return Record.newRecord(ReverseMap.fromAddress(address(i)), Type.PTR, DClass.IN);
                case "NX":
                    return Record.newRecord(Name.fromString("missing-" + i + "." + ZONE), Type.A, DClass.IN);
                default:
                    throw new IllegalArgumentException("unknown query kind " + kind);
            }
        } catch (TextParseException | java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code count} encoded queries of {@code kind}, as dnsperf sends them (RD set, EDNS when asked). */
    public static byte[][] packets(String kind, int count, int instances, boolean edns, long seed) {
        Random random = new Random(seed);
        byte[][] packets = new byte[count][];
        for (int n = 0; n < count; n++) {
            Message message = Message.newQuery(question(kind, instances, random));
            message.getHeader().setID(random.nextInt(0x10000));
            if (edns) {
                message.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
            }
            packets[n] = message.toWire();
        }
        return packets;
    }
}
