package org.awsdns.plugins.ec2.inventory;

/** How a targeted lookup ended. */
public enum MissResult {
    /** Instances were found and added to the overlay: look the name up again. */
    FOUND,
    /** The API knows no such instance. */
    NOT_FOUND,
    /** The call failed; treated as not found until {@code miss_ttl} passes. */
    FAILED,
    /** Over {@code miss_rate}: no call was made. */
    RATE_LIMITED,
    /** Lookups are off, or the inventory is still loading. */
    DISABLED
}
