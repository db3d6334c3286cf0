package org.awsdns.plugins.ec2;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletionStage;
import org.awsdns.core.Chain;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.plugins.ec2.inventory.Ec2Inventory;
import org.awsdns.plugins.ec2.inventory.MissKey;
import org.awsdns.plugins.ec2.inventory.MissResult;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;

/**
 * How an EC2 plugin answers from its inventory, shared by ec2-forward and ec2-reverse: an IN (or
 * ANY) query not answered yet is looked up in the index; before the first load ends a miss on a
 * name the plugin owns holds back the negative answer ({@link NotLoadedYet}); otherwise one
 * targeted lookup of the miss is asked for and, when it found the name, the index is read again.
 * Whatever is not found passes to the rest of the chain. The hit path allocates nothing here.
 *
 * @param <E> what the plugin's view of the index holds for one name
 */
public abstract class InventoryPlugin<E> implements Plugin {
    protected final Ec2Inventory inventory;

    protected InventoryPlugin(Ec2Inventory inventory) {
        this.inventory = requireNonNull(inventory, "inventory is null");
    }

    /** The entry for {@code name} in the index, or {@code null}. */
    protected abstract E find(Name name);

    /** Whether a miss on {@code name} could be a name the inventory has not loaded yet. */
    protected abstract boolean ownsName(Name name);

    /** The targeted lookup a miss on {@code name} deserves, or {@code null} for none. */
    protected abstract MissKey missKey(Name name);

    /** Answers with a found entry; usually adds records and calls {@code next}. */
    protected abstract CompletionStage<Response> respond(Query query, E entry, Chain next);

    @Override
    public final CompletionStage<Response> handle(Query query, Chain next) {
        int dclass = query.dclass();
        if ((dclass != DClass.IN && dclass != DClass.ANY) || query.response().isAnswered()) {
            return next.proceed(query);
        }
        Name name = query.name();
        E entry = find(name);
        if (entry != null) {
            return respond(query, entry, next);
        }
        if (!inventory.isReady() && ownsName(name)) {
            return NotLoadedYet.proceed(query, next);
        }
        MissKey key = inventory.lookupsEnabled() ? missKey(name) : null;
        if (key == null) {
            return next.proceed(query);
        }
        return inventory.lookupMissing(key).thenCompose(result -> {
            if (result == MissResult.FOUND) {
                E found = find(name);
                if (found != null) {
                    return respond(query, found, next);
                }
            }
            return next.proceed(query);
        });
    }
}
