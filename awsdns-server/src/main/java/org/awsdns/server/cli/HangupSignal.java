package org.awsdns.server.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP reloads the configuration. {@code sun.misc.Signal} (module {@code jdk.unsupported}) is
 * the only way the JDK offers; where it is missing or the signal is taken, reload is simply not
 * wired to the signal (a warning says so) and the config file watch still works. A process that
 * inherited SIGHUP ignored ({@code nohup}, some supervisors) cannot handle it at all: the JVM
 * leaves an ignored shutdown signal ignored and says so only by returning {@code SIG_IGN}.
 */
final class HangupSignal {
    private static final Logger log = LoggerFactory.getLogger(HangupSignal.class);

    private HangupSignal() {}

    /** Runs {@code reload} on each SIGHUP; false when the signal cannot be handled here. */
    static boolean install(Runnable reload) {
        try {
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                log.info("SIGHUP: reloading the configuration");
                try {
                    reload.run();
                } catch (RuntimeException e) {
                    log.error("reload on SIGHUP failed", e);
                }
            });
            if (previous == sun.misc.SignalHandler.SIG_IGN) {
                log.warn("SIGHUP is ignored by this process (started with nohup, or by a parent that ignores it): "
                        + "it will not reload the configuration; start awsdns without nohup, or watch the file "
                        + "(reload: {watch: 2s})");
                return false;
            }
            return true;
        } catch (IllegalArgumentException | LinkageError e) {
            log.warn("SIGHUP cannot reload the configuration here: {}", e.toString());
            return false;
        }
    }
}
