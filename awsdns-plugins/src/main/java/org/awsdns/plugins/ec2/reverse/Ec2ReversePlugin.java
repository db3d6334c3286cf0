package org.awsdns.plugins.ec2.reverse;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.concurrent.CompletionStage;
import org.awsdns.core.Chain;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.plugins.ec2.Ec2Answer;
import org.awsdns.plugins.ec2.InventoryPlugin;
import org.awsdns.plugins.ec2.inventory.Ec2Inventory;
import org.awsdns.plugins.ec2.inventory.MissKey;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Answers PTR for the addresses of instances, then lets the rest of the chain add to the
 * response. Anything that is not a full, strictly valid reverse name of an indexed address passes
 * (after at most one targeted lookup when the inventory allows it).
 */
public final class Ec2ReversePlugin extends InventoryPlugin<ReverseView.Entry> {
    private final ReverseView.Spec spec;

    public Ec2ReversePlugin(Ec2Inventory inventory, ReverseView.Spec spec) {
        super(inventory);
        this.spec = requireNonNull(spec, "spec is null");
        inventory.register(spec);
    }

    @Override
    protected ReverseView.Entry find(Name name) {
        return inventory.find(spec, ReverseView::get, name);
    }

    @Override
    protected boolean ownsName(Name name) {
        return ReverseNames.parse(name) != null;
    }

    /** The lookup for a full, strictly valid reverse name, or {@code null}. */
    @Override
    protected MissKey missKey(Name name) {
        InetAddress address = ReverseNames.parse(name);
        return address == null ? null : MissKey.forAddress(address, spec.publicAddresses());
    }

    @Override
    protected CompletionStage<Response> respond(Query query, ReverseView.Entry entry, Chain next) {
        query.setAttribute(Ec2Answer.KEY, entry.answer());
        Response response = query.response().authoritative(true);
        if (query.type() == Type.PTR && !response.hasRecords()) {
            response.wire(entry.wire()); // the same records, encoded once for every query of this address
        } else if (query.type() == Type.PTR || query.type() == Type.ANY) {
            response.addAnswers(entry.ptr());
        } else {
            response.markNameExists();
        }
        return next.proceed(query);
    }

    @Override
    public String toString() {
        return "ec2-reverse[" + inventory.name() + "]";
    }
}
