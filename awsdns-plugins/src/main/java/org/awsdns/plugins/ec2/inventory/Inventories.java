package org.awsdns.plugins.ec2.inventory;

import org.awsdns.core.PluginContext;

/** Finds the inventory a plugin names. */
public final class Inventories {
    private Inventories() {}

    /**
     * The inventory called {@code name}.
     *
     * @throws IllegalArgumentException "unknown inventory X; known [..]"
     */
    public static Ec2Inventory require(PluginContext context, String name, String plugin) {
        return context.resource(name, Ec2Inventory.class).orElseThrow(() -> new IllegalArgumentException(
                plugin + ": unknown inventory '" + name + "'; known: " + context.resourceNames(Ec2Inventory.class)
                        + " (define it under inventories:)"));
    }
}
