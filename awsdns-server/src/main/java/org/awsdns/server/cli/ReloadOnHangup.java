package org.awsdns.server.cli;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What SIGHUP runs: a reload of the running server. The handler is installed before the server
 * starts (the JVM's default for SIGHUP would end the process), and the server answers and says it
 * is ready a moment before its start returns: a SIGHUP in that moment is remembered and served as
 * soon as the server has started, not dropped. Each side writes its own flag before it reads the
 * other's, so one of them always sees both, and a remembered SIGHUP is served once.
 */
final class ReloadOnHangup implements Runnable {
    private final AtomicReference<Runnable> reload = new AtomicReference<>();
    private final AtomicBoolean pending = new AtomicBoolean();

    /** On SIGHUP. */
    @Override
    public void run() {
        pending.set(true);
        serve();
    }

    /** Once the server has started: {@code reload} reloads it, now for a SIGHUP remembered. */
    void started(Runnable reload) {
        this.reload.set(requireNonNull(reload, "reload is null"));
        serve();
    }

    private void serve() {
        Runnable target = reload.get();
        if (target != null && pending.getAndSet(false)) {
            target.run();
        }
    }
}
