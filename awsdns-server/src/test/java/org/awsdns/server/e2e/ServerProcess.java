package org.awsdns.server.e2e;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awsdns.testing.Await;

/** The packaged server ({@code java -jar awsdns.jar}) running as a child process. */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path output;
    private final int port;

    private ServerProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** The jar the build made; failsafe passes its path. */
    static Path jar() {
        Path jar = Path.of(requireNonNull(System.getProperty("awsdns.jar"), "system property awsdns.jar is not set"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run `mvn package` first");
        }
        return jar;
    }

    /** Starts the jar with {@code args} followed by {@code --listen 127.0.0.1:PORT} on a free port. */
    static ServerProcess start(Path workDirectory, String... args) throws IOException {
        return startThrough(List.of(), workDirectory, args);
    }

    /** As {@link #start}, through {@code launcher} (a command such as {@code nohup} that runs the rest). */
    static ServerProcess startThrough(List<String> launcher, Path workDirectory, String... args) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(javaBinary(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--listen", "127.0.0.1:" + port));
        Path output = Files.createTempFile(workDirectory, "awsdns", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        return new ServerProcess(builder.start(), output, port);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Sends SIGHUP, which makes the server reload its configuration. */
    void hangup() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -HUP " + process.pid() + " failed");
        }
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** Waits until {@code probe} (a name the config answers) answers over UDP. */
    void awaitAnswering(String probe) {
        Await.untilAsserted(Duration.ofSeconds(30), () -> {
            if (!process.isAlive()) { // fails at once: no answer will come
                throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + output());
            }
            assertThat(Dig.query(port, probe, "A").status()).as("the answer to %s; server output:%n%s", probe, output())
                    .isEqualTo("NOERROR");
        });
    }

    /** Sends SIGTERM and waits for the exit; returns the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("server did not stop within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A port free for both UDP and TCP on 127.0.0.1 at the time of asking. */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                    return port;
                } catch (IOException taken) {
                    // UDP port in use: try another
                }
            }
        }
        throw new IOException("no free port on 127.0.0.1");
    }
}
