package org.awsdns.plugins.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awsdns.testing.Queries.query;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import org.awsdns.core.Chain;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.testing.ChainRunner;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The cache's byte count is what its entries keep on the heap: 15,000 answers of 60 A records
 * (~1 KB on the wire each), read from wire bytes as an upstream's reply is, measured as the heap
 * in use after a full GC with the cache full, minus the same after it is emptied. Issue 9: the
 * count said 52.8 MB when the heap of -Xmx200m was full.
 */
class CacheMemoryTest {
    private static final int ENTRIES = 15_000;

    @Test
    void cacheBytesIsWhatTheEntriesKeepOnTheHeap() throws Exception {
        try (TestPluginContext context = TestPluginContext.create("cache")) {
            CachePlugin cache = new CachePlugin(new CacheConfig(10_000_000, "1GiB", null, null, null, null, null, null, null), context);
            ChainRunner pipeline = ChainRunner.of(cache, new SixtyAddresses());
            long before = heapAfterGc();
            for (int i = 0; i < ENTRIES; i++) {
                pipeline.run(query("name-" + i + ".example.", Type.A));
            }
            assertThat(cache.size()).isEqualTo(ENTRIES);
            long full = heapAfterGc();
            long counted = context.metrics().gaugeValue("cache_bytes").longValue();
            cache.close();
            long empty = heapAfterGc();
            long kept = full - Math.min(before, empty);
            double ratio = (double) kept / counted;
            System.out.printf("cache of %d entries: heap %d bytes, counted %d bytes, ratio %.2f%n", ENTRIES, kept, counted, ratio);
            assertThat(ratio).as("heap kept %d / counted %d", kept, counted).isBetween(0.8, 1.2);
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** An upstream's answer: 60 A records, decoded from wire bytes (each with a name of its own). */
    private static final class SixtyAddresses implements Plugin {
        @Override
        public java.util.concurrent.CompletionStage<Response> handle(Query query, Chain next) {
            Message message = new Message();
            message.addRecord(query.question(), Section.QUESTION);
            try {
                for (int i = 0; i < 60; i++) {
                    message.addRecord(new ARecord(query.name(), DClass.IN, 300,
                            InetAddress.getByAddress(new byte[] {10, 9, (byte) (i >> 8), (byte) i})), Section.ANSWER);
                }
                return query.response().copyFrom(new Message(message.toWire())).complete();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
