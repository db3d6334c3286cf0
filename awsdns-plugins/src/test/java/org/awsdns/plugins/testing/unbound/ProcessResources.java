package org.awsdns.plugins.testing.unbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awsdns.testing.Await;

/** Counts this JVM's threads and open file descriptors, to show that nothing leaks. */
public final class ProcessResources {
    private ProcessResources() {}

    public static int threads() {
        return Thread.getAllStackTraces().size();
    }

    /** The names of the live threads, for messages. */
    public static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
    }

    public static long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
    }

    /**
     * Waits (at most 10 s) for the thread and file counts to come back within {@code tolerance} of
     * the baseline; fails naming the threads alive then, against {@code threadNamesBefore}.
     */
    public static void awaitSettledBack(List<String> threadNamesBefore, long filesBefore, int tolerance) {
        Await.untilAsserted(Duration.ofSeconds(10), () -> {
            assertThat(threads()).as("threads %s -> %s", threadNamesBefore, threadNames())
                    .isLessThanOrEqualTo(threadNamesBefore.size() + tolerance);
            assertThat(openFiles()).as("open files %d -> %d", filesBefore, openFiles()).isLessThanOrEqualTo(filesBefore + tolerance);
        });
    }
}
