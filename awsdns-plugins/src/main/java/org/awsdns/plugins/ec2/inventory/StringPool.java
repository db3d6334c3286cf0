package org.awsdns.plugins.ec2.inventory;

import java.util.HashMap;
import java.util.Map;

/**
 * One copy of each equal string within one load: VPC, subnet and image IDs, instance types,
 * states, zones, tag keys and most tag values repeat over thousands of instances. Not thread-safe;
 * use one per load, from one thread at a time.
 */
final class StringPool {
    private final Map<String, String> strings = new HashMap<>();

    /** {@code value}, or an equal string seen before. */
    String intern(String value) {
        if (value == null) {
            return null;
        }
        String seen = strings.putIfAbsent(value, value);
        return seen == null ? value : seen;
    }
}
