package org.awsdns.plugins.acl;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code acl} rule: an action and what it matches, written in YAML as a mapping of one action
 * to its match, e.g. {@code - allow: {net: [10.0.0.0/16]}} or {@code - drop:} (everything).
 *
 * @param action what to do with a matching query
 * @param match what the rule matches
 */
public record AclRule(AclAction action, AclMatch match) {

    public AclRule {
        requireNonNull(action, "action is null");
        requireNonNull(match, "match is null");
    }

    /** Binds {@code {allow: {...}}}: exactly one key, an action name; a null match is everything. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static AclRule fromYaml(Map<String, AclMatch> item) {
        if (item == null || item.size() != 1) {
            throw new IllegalArgumentException("acl: a rule is a mapping of one action "
                    + AclAction.configNames() + " to its match, such as {allow: {net: [10.0.0.0/16]}}; got "
                    + (item == null ? "nothing" : "keys " + item.keySet()));
        }
        Map.Entry<String, AclMatch> entry = item.entrySet().iterator().next();
        AclAction action = AclAction.fromConfigName(entry.getKey());
        if (action == null) {
            throw new IllegalArgumentException("acl: unknown action [" + entry.getKey() + "], known actions "
                    + AclAction.configNames());
        }
        return new AclRule(action, entry.getValue() == null ? AclMatch.EVERYTHING : entry.getValue());
    }

    /** The YAML shape back, for {@code awsdns check}. */
    @JsonValue
    Map<String, AclMatch> toYaml() {
        Map<String, AclMatch> map = new LinkedHashMap<>(1);
        map.put(action.configName(), match);
        return Collections.unmodifiableMap(map);
    }
}
