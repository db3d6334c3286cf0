package org.awsdns.plugins.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awsdns.core.NamedPlugin;
import org.awsdns.core.Pipeline;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Running queries through a pipeline in tests, and reading records as text. */
public final class Dns {
    private Dns() {}

    public static Pipeline pipeline(Object... nameThenPlugin) {
        List<NamedPlugin> plugins = new ArrayList<>();
        for (int i = 0; i < nameThenPlugin.length; i += 2) {
            plugins.add(new NamedPlugin((String) nameThenPlugin[i], (Plugin) nameThenPlugin[i + 1]));
        }
        return Pipeline.of(plugins);
    }

    public static Query query(String name, int type) {
        Message request = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        return Query.builder(request).build();
    }

    public static Response ask(Pipeline pipeline, String name, int type) {
        try {
            return pipeline.execute(query(name, type)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("query " + name + " " + Type.string(type) + " failed", e);
        }
    }

    /** Records as zone-file lines, e.g. {@code web.demo.internal. 60 IN A 172.31.40.11}. */
    public static List<String> lines(List<Record> records) {
        List<String> lines = new ArrayList<>();
        for (Record record : records) {
            lines.add(record.toString().replace('\t', ' ').replaceAll(" +", " "));
        }
        return lines;
    }

    public static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                assertThat(condition.getAsBoolean()).as("waited %s for %s", limit, what).isTrue();
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
