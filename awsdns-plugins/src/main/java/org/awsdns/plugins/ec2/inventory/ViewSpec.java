package org.awsdns.plugins.ec2.inventory;

/**
 * Describes a view a plugin needs over every index (for example "A records of tag:Name under
 * demo.internal., TTL 60"). Specs are compared with {@code equals}, so make them records: two
 * plugins with equal specs share one view. A registered spec is built with each new index, off
 * the query path (see {@link Ec2Inventory#register}).
 *
 * @param <V> the view type
 */
public interface ViewSpec<V extends IndexView> {

    /** Builds the view over {@code index}. Must not fail on odd data: skip and count instead. */
    V build(InventoryIndex index);
}
