package org.awsdns.plugins.ec2.forward;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.awsdns.core.Chain;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.core.WireAnswer;
import org.awsdns.plugins.ec2.Ec2Answer;
import org.awsdns.plugins.ec2.InventoryPlugin;
import org.awsdns.plugins.ec2.inventory.AttributeRef;
import org.awsdns.plugins.ec2.inventory.DnsNames;
import org.awsdns.plugins.ec2.inventory.Ec2Inventory;
import org.awsdns.plugins.ec2.inventory.MissKey;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Answers A and AAAA for instance names from the inventory, then lets the rest of the chain add
 * to the response (txt-extra's TXT, an SOA). A known name asked for another type is marked as
 * existing (NODATA at the end of the chain); an unknown name passes, after at most one targeted
 * lookup when the inventory allows it.
 */
public final class Ec2ForwardPlugin extends InventoryPlugin<ForwardView.Entry> {
    private final ForwardView.Spec spec;
    private final AttributeRef key;
    private final Name zone;

    public Ec2ForwardPlugin(Ec2Inventory inventory, ForwardView.Spec spec) {
        super(inventory);
        this.spec = requireNonNull(spec, "spec is null");
        this.key = spec.key();
        this.zone = spec.zone();
        inventory.register(spec);
    }

    @Override
    protected ForwardView.Entry find(Name name) {
        return inventory.find(spec, ForwardView::get, name);
    }

    @Override
    protected boolean ownsName(Name name) {
        return name.subdomain(zone);
    }

    @Override
    protected CompletionStage<Response> respond(Query query, ForwardView.Entry entry, Chain next) {
        query.setAttribute(Ec2Answer.KEY, entry.answer());
        Response response = query.response().authoritative(true);
        WireAnswer wire = response.hasRecords() ? null : entry.wire(query.type());
        if (wire != null) {
            response.wire(wire); // the same records, encoded once for every query of this name
        } else {
            List<Record> records = entry.records(query.type()); // made for this query: not the common path
            if (records.isEmpty()) {
                response.markNameExists();
            } else {
                response.addAnswers(records);
            }
        }
        return next.proceed(query);
    }

    /** The lookup for a name under the zone that normalisation could have made, or {@code null}. */
    @Override
    protected MissKey missKey(Name name) {
        if (!name.subdomain(zone) || name.equals(zone)) {
            return null;
        }
        if (zone.equals(Name.root) && name.labels() != 2) {
            return null; // with zone ".", only single-label names are looked up
        }
        String relative = name.relativize(zone).toString(true).toLowerCase(java.util.Locale.ROOT);
        if (!DnsNames.isNormalized(relative)) {
            return null;
        }
        return MissKey.forName(key, relative);
    }

    @Override
    public String toString() {
        return "ec2-forward[" + inventory.name() + ", " + key + " under " + zone + "]";
    }
}
