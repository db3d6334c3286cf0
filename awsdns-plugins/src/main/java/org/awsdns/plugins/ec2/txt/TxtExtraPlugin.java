package org.awsdns.plugins.ec2.txt;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.awsdns.core.Chain;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.core.WireAnswer;
import org.awsdns.plugins.ec2.Ec2Answer;
import org.awsdns.plugins.ec2.inventory.Ec2Instance;
import org.awsdns.plugins.ec2.inventory.Ec2Inventory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Describes the instances an earlier ec2-forward or ec2-reverse found for the query's name
 * ({@link Ec2Answer#KEY}), with TXT records owned by that name: for a name one instance has, one
 * record per attribute (as the ancestor answered); for a name several instances share, one record
 * per instance holding a string per attribute (RFC 1464), so each instance's attributes stay
 * together. A TXT
 * (or ANY) query gets them in the answer section; any other answered query in the additional
 * section. Without such an answer the query passes unchanged.
 */
public final class TxtExtraPlugin implements Plugin {
    private final Ec2Inventory inventory;
    private final TxtView.Spec spec;
    private final long ttl;

    public TxtExtraPlugin(Ec2Inventory inventory, TxtView.Spec spec, long ttl) {
        this.inventory = requireNonNull(inventory, "inventory is null");
        this.spec = requireNonNull(spec, "spec is null");
        this.ttl = ttl;
        inventory.register(spec);
    }

    @Override
    public CompletionStage<Response> handle(Query query, Chain next) {
        Ec2Answer answer = query.attribute(Ec2Answer.KEY);
        if (answer == null) {
            return next.proceed(query);
        }
        Response response = query.response();
        boolean direct = query.type() == Type.TXT || query.type() == Type.ANY;
        if (!direct && response.count(Section.ANSWER) == 0) {
            return next.proceed(query); // NODATA: nothing to add to
        }
        if (!direct && response.isWireAsStored()) {
            // kept with the wire answer: encoded on the name's first query, then copied
            WireAnswer wire = response.wire().derive(this, stored -> withAdditional(stored, records(answer)));
            if (wire != null) {
                response.replaceWire(wire);
                return next.proceed(query);
            }
        }
        List<Record> records = records(answer);
        if (direct) {
            response.addAnswers(records);
            if (!records.isEmpty()) {
                response.authoritative(true);
            }
        } else {
            for (Record record : records) {
                response.addAdditional(record);
            }
        }
        return next.proceed(query);
    }

    /** {@code stored} with {@code txt} after its additional records, or {@code null} when it cannot be kept. */
    private static WireAnswer withAdditional(WireAnswer stored, List<Record> txt) {
        Message message = stored.toMessage();
        List<Record> additional = new ArrayList<>(message.getSection(Section.ADDITIONAL));
        additional.addAll(txt);
        return WireAnswer.encode(message.getQuestion(), stored.rcode(), stored.authoritative(),
                stored.recursionAvailable(), message.getSection(Section.ANSWER),
                message.getSection(Section.AUTHORITY), additional);
    }

    private List<Record> records(Ec2Answer answer) {
        TxtView view = inventory.index().view(spec);
        Name owner = answer.owner();
        List<Ec2Instance> instances = answer.instances();
        if (instances.size() == 1) {
            List<byte[]> rdata = view.rdata(instances.get(0));
            List<Record> records = new ArrayList<>(rdata.size());
            for (byte[] data : rdata) {
                records.add(Record.newRecord(owner, Type.TXT, DClass.IN, ttl, data));
            }
            return records;
        }
        // A shared name: one record per instance, so that each instance's attributes stay together.
        Set<ByteBuffer> distinct = new LinkedHashSet<>(); // identical instances give one record
        for (Ec2Instance instance : instances) {
            byte[] data = view.groupedRdata(instance);
            if (data.length > 0) {
                distinct.add(ByteBuffer.wrap(data));
            }
        }
        List<Record> records = new ArrayList<>(distinct.size());
        for (ByteBuffer data : distinct) {
            records.add(Record.newRecord(owner, Type.TXT, DClass.IN, ttl, data.array()));
        }
        return records;
    }

    @Override
    public String toString() {
        return "txt-extra[" + inventory.name() + ", " + spec.extra() + "]";
    }
}
