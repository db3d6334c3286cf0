package org.awsdns.core;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/** Services the server offers a shared resource; see {@link ResourceFactory}. Thread-safe. */
public interface ResourceContext {

    /** The shared executor for background and timed work. Never block it for long. */
    ScheduledExecutorService executor();

    /** The clock to read time from. */
    Clock clock();

    /** Where relative paths in the configuration are resolved from (the config file's folder). */
    Path baseDirectory();

    /** Where the resource reports its meters. */
    Metrics metrics();
}
