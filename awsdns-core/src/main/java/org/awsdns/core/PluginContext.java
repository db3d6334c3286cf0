package org.awsdns.core;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.xbill.DNS.Name;

/**
 * Services the server offers one plugin instance. Everything here is thread-safe.
 */
public interface PluginContext {

    /** The plugin's name as written in the configuration. */
    String pluginName();

    /** The zones of the server block this plugin serves, most specific first. */
    List<Name> zones();

    /**
     * A shared executor for background and timed work (refreshes, timeouts, probes). Never block
     * it for long: it is shared by all plugins. Tasks are not run on socket I/O threads.
     */
    ScheduledExecutorService executor();

    /** The clock to read time from, so tests can control it. */
    Clock clock();

    /**
     * A resource shared between plugins and defined outside any one chain, such as a named EC2
     * inventory.
     *
     * @param name the resource's name in the configuration
     * @param type the expected type
     * @return the resource, or empty when no resource of that name and type exists
     */
    <T> Optional<T> resource(String name, Class<T> type);

    /** The names of the shared resources of {@code type}, for "unknown X, known [..]" errors. */
    List<String> resourceNames(Class<?> type);

    /** Where relative paths in the configuration are resolved from (the config file's folder). */
    Path baseDirectory();

    /** Where the plugin reports its counters and gauges. */
    Metrics metrics();
}
