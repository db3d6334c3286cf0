package org.awsdns.plugins.ec2.reverse;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.concurrent.CompletionStage;
import org.awsdns.core.Chain;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.plugins.ec2.Ec2Answer;
import org.awsdns.plugins.ec2.NotLoadedYet;
import org.awsdns.plugins.ec2.inventory.Ec2Inventory;
import org.awsdns.plugins.ec2.inventory.MissKey;
import org.awsdns.plugins.ec2.inventory.MissResult;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/**
 * Answers PTR for the addresses of instances, then lets the rest of the chain add to the
 * response. Anything that is not a full, strictly valid reverse name of an indexed address passes
 * (after at most one targeted lookup when the inventory allows it).
 */
public final class Ec2ReversePlugin implements Plugin {
    private final Ec2Inventory inventory;
    private final ReverseView.Spec spec;

    public Ec2ReversePlugin(Ec2Inventory inventory, ReverseView.Spec spec) {
        this.inventory = requireNonNull(inventory, "inventory is null");
        this.spec = requireNonNull(spec, "spec is null");
        inventory.register(spec);
    }

    @Override
    public CompletionStage<Response> handle(Query query, Chain next) {
        int dclass = query.dclass();
        if ((dclass != DClass.IN && dclass != DClass.ANY) || query.response().isAnswered()) {
            return next.proceed(query);
        }
        ReverseView.Entry entry = inventory.find(spec, ReverseView::get, query.name());
        if (entry != null) {
            return respond(query, entry, next);
        }
        if (!inventory.isReady() && ReverseNames.parse(query.name()) != null) {
            return NotLoadedYet.proceed(query, next);
        }
        if (!inventory.lookupsEnabled()) {
            return next.proceed(query);
        }
        InetAddress address = ReverseNames.parse(query.name());
        MissKey missKey = address == null ? null : MissKey.forAddress(address, spec.publicAddresses());
        if (missKey == null) {
            return next.proceed(query);
        }
        return inventory.lookupMissing(missKey).thenCompose(result -> {
            if (result == MissResult.FOUND) {
                ReverseView.Entry found = inventory.find(spec, ReverseView::get, query.name());
                if (found != null) {
                    return respond(query, found, next);
                }
            }
            return next.proceed(query);
        });
    }

    private CompletionStage<Response> respond(Query query, ReverseView.Entry entry, Chain next) {
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
