package org.awsdns.plugins.testing.unbound;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.NamedPlugin;
import org.awsdns.core.Pipeline;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Builds client queries and reads responses in a form whole sections can be compared in. */
public final class Queries {
    private Queries() {}

    /** A client query with RD set and no EDNS. */
    public static Query query(String name, int type) {
        return Query.builder(Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN))).build();
    }

    /** A client query with RD set and EDNS, with the DO and CD bits as given. */
    public static Query query(String name, int type, boolean dnssecOk, boolean checkingDisabled) {
        Message message = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        message.addRecord(new OPTRecord(1232, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        if (checkingDisabled) {
            message.getHeader().setFlag(Flags.CD);
        }
        return Query.builder(message).build();
    }

    public static Pipeline pipeline(Plugin... plugins) {
        NamedPlugin[] named = new NamedPlugin[plugins.length];
        for (int i = 0; i < plugins.length; i++) {
            named[i] = new NamedPlugin("p" + i + "-" + plugins[i].getClass().getSimpleName(), plugins[i]);
        }
        return Pipeline.of(List.of(named));
    }

    /** Runs {@code query} and waits for its response (at most 10 s). */
    public static Response run(Pipeline pipeline, Query query) {
        try {
            return pipeline.execute(query).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("query " + query + " failed", e);
        }
    }

    /** Records as {@code name ttl class type rdata}, one string each, TTL included (dnsjava's equals ignores it). */
    public static List<String> lines(List<Record> records) {
        return records.stream().map(Queries::line).toList();
    }

    public static String line(Record record) {
        return record.getName() + " " + record.getTTL() + " " + DClass.string(record.getDClass()) + " "
                + org.xbill.DNS.Type.string(record.getType()) + " " + record.rdataToString();
    }

    public static Record record(String text) {
        try {
            String[] parts = text.split(" ", 5);
            return Record.fromString(Name.fromString(parts[0]), org.xbill.DNS.Type.value(parts[3]),
                    DClass.value(parts[2]), Long.parseLong(parts[1]), parts[4], Name.root);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
