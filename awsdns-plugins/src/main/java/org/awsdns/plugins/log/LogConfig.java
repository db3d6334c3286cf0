package org.awsdns.plugins.log;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code log} plugin's configuration.
 *
 * @param classes the classes of responses to log ({@code all}, {@code success}, {@code denial},
 *     {@code error}), written {@code class} in YAML; {@code [all]} when absent
 */
public record LogConfig(@JsonProperty("class") List<String> classes) {

    public LogConfig {
        if (classes == null) {
            classes = List.of(ResponseClass.ALL.configName());
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("log: class must name at least one of " + ResponseClass.configNames());
        }
        List<String> copy = new ArrayList<>(classes.size());
        for (String name : classes) {
            if (ResponseClass.fromConfigName(name) == null) {
                throw new IllegalArgumentException(
                        "log: unknown class [" + name + "], known classes " + ResponseClass.configNames());
            }
            copy.add(name);
        }
        classes = List.copyOf(copy);
    }
}
