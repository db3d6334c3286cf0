package org.awsdns.plugins.acl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * The {@code acl} plugin's configuration: its rules, in order. In YAML the plugin's value is the
 * list itself:
 *
 * <pre>
 * - acl:
 *     - allow: {net: [10.0.0.0/16]}
 *     - block: {type: [ANY, AXFR]}
 *     - drop:  {net: [0.0.0.0/0, ::/0]}
 * </pre>
 *
 * @param rules the rules; the first that matches a query decides; at least one
 */
public record AclConfig(@JsonValue List<AclRule> rules) {

    public AclConfig {
        if (rules == null || rules.isEmpty()) {
            throw new IllegalArgumentException("acl: give a list of rules, such as "
                    + "[{allow: {net: [10.0.0.0/16]}}, {block: {}}]");
        }
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == null) {
                throw new IllegalArgumentException("acl: rule " + i + " is empty");
            }
        }
        rules = List.copyOf(rules);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static AclConfig fromYaml(List<AclRule> rules) {
        return new AclConfig(rules);
    }
}
