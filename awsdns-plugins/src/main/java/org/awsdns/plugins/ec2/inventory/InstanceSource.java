package org.awsdns.plugins.ec2.inventory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/** Where an inventory's instances come from: the EC2 API or a file. */
public interface InstanceSource extends AutoCloseable {

    /**
     * Loads every instance the configured filters select, without blocking the caller.
     *
     * @param known applied to each instance read, before it is kept: returns it or an equal one
     *     already held (the served index's), so that a load does not hold a second copy
     * @return the instances, or {@code null} when nothing changed since the last successful load
     */
    CompletableFuture<List<Ec2Instance>> loadAll(UnaryOperator<Ec2Instance> known);

    /** Whether {@link #lookup} can find instances the last load did not have. */
    boolean supportsLookup();

    /** One targeted call: the instances matching the configured filters and {@code extraFilters}. */
    CompletableFuture<List<Ec2Instance>> lookup(Map<String, List<String>> extraFilters);

    /**
     * One call for the instances with these IDs that match the configured filters (change
     * events); an ID unknown to EC2 is left out rather than failing the call.
     */
    default CompletableFuture<List<Ec2Instance>> describe(Collection<String> ids) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(describe() + " has no API"));
    }

    /** For logs: "file examples/demo-instances.json", "EC2 us-east-1". */
    String describe();

    @Override
    default void close() {}
}
