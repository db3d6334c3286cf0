package org.awsdns.plugins.acl;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What an {@code acl} rule does with a query it matches. */
public enum AclAction {
    /** Pass the query to the next plugin. */
    ALLOW,
    /** Answer REFUSED. */
    BLOCK,
    /** Send no reply at all. */
    DROP;

    /** The name written in YAML: {@code allow}, {@code block}, {@code drop}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action written {@code name} in YAML, or {@code null}. */
    static AclAction fromConfigName(String name) {
        for (AclAction action : values()) {
            if (action.configName().equals(name)) {
                return action;
            }
        }
        return null;
    }

    static List<String> configNames() {
        return Arrays.stream(values()).map(AclAction::configName).toList();
    }
}
