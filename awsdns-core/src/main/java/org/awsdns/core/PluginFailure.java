package org.awsdns.core;

import static java.util.Objects.requireNonNull;

/**
 * A plugin threw, returned {@code null} or completed its stage exceptionally. The chain wraps the
 * cause once, at the plugin where it happened, so the server can log the plugin's name and answer
 * SERVFAIL for that query alone.
 */
public final class PluginFailure extends RuntimeException {
    private final String pluginName;

    public PluginFailure(String pluginName, Throwable cause) {
        super("plugin " + pluginName + " failed: " + cause, cause, false, false);
        this.pluginName = requireNonNull(pluginName, "pluginName is null");
    }

    /** The name of the plugin that failed. */
    public String pluginName() {
        return pluginName;
    }
}
