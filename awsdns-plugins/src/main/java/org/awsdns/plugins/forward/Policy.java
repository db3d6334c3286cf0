package org.awsdns.plugins.forward;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The order in which a query tries the upstreams. */
public enum Policy {
    /** Always the first healthy upstream, then the next ones in the configured order. */
    SEQUENTIAL,
    /** A random upstream first, then the following ones in the configured order. */
    RANDOM,
    /** Each query starts one upstream further than the previous one. */
    ROUND_ROBIN;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Policy parse(String text) {
        for (Policy policy : values()) {
            if (policy.configName().equalsIgnoreCase(text.trim())) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown policy [" + text + "], known options " + known());
    }

    private static List<String> known() {
        return Arrays.stream(values()).map(Policy::configName).toList();
    }
}
