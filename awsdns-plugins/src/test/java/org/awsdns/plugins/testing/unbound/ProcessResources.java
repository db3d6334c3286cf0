package org.awsdns.plugins.testing.unbound;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this JVM's threads and open file descriptors, to show that nothing leaks. */
public final class ProcessResources {
    private ProcessResources() {}

    public static int threads() {
        return Thread.getAllStackTraces().size();
    }

    /** The names of the live threads, for messages. */
    public static java.util.List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
    }

    public static long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
    }

    /** Waits up to 5 s for the counts to come back within {@code tolerance} of the baseline. */
    public static boolean settlesBack(int threadsBefore, long filesBefore, int tolerance) throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < until) {
            if (threads() <= threadsBefore + tolerance && openFiles() <= filesBefore + tolerance) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
