package org.awsdns.plugins.testing.unbound;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Debian's {@code unbound}, started on a free loopback port with a config the test writes. It is
 * authoritative for {@link #ZONE} and for a tiny root zone of its own, so it answers every query
 * from local data and never queries anyone: nothing leaves loopback.
 */
public final class Unbound implements AutoCloseable {
    public static final String ZONE = "up.example.";
    /** The zone's SOA as unbound serves it in negative answers (TTL = MINIMUM = 60). */
    public static final String NEGATIVE_SOA = "up.example. 60 IN SOA ns.up.example. hostmaster.up.example. 1 3600 900 86400 60";
    public static final int BIG_RRSET_SIZE = 120;

    private static final Path BINARY = Path.of("/usr/sbin/unbound");

    private final Process process;
    private final int port;
    private final Path log;

    private Unbound(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts unbound in {@code directory} and waits until it answers. */
    public static Unbound start(Path directory) throws IOException, InterruptedException {
        return start(directory, "allow");
    }

    /** Starts an unbound that answers REFUSED to every query (access-control: refuse). */
    public static Unbound startRefusing(Path directory) throws IOException, InterruptedException {
        return start(directory, "refuse");
    }

    private static Unbound start(Path directory, String access) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("the tests need Debian's unbound: apt-get install unbound");
        }
        Files.writeString(directory.resolve("root.zone"), """
                . 3600 IN SOA ns.up.example. hostmaster.up.example. 1 3600 900 86400 60
                . 3600 IN NS ns.up.example.
                """);
        StringBuilder zone = new StringBuilder("""
                $ORIGIN up.example.
                @ 3600 IN SOA ns.up.example. hostmaster.up.example. 1 3600 900 86400 60
                @ 3600 IN NS ns.up.example.
                ns 3600 IN A 192.0.2.53
                www 300 IN A 192.0.2.1
                www2 300 IN A 192.0.2.2
                alias 600 IN CNAME alias2.up.example.
                alias2 120 IN CNAME www.up.example.
                text 300 IN TXT "only text here"
                """);
        for (int i = 0; i < BIG_RRSET_SIZE; i++) {
            zone.append("big 300 IN A 10.0.").append(i / 200).append('.').append(i % 200 + 1).append('\n');
        }
        for (int i = 0; i < 200; i++) {
            zone.append("host").append(i).append(" 300 IN A 10.1.0.").append(i + 1).append('\n');
        }
        Files.writeString(directory.resolve("up.zone"), zone);
        IOException lastFailure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Path config = directory.resolve("unbound.conf");
            Files.writeString(config, config(directory, port, access));
            Path log = directory.resolve("unbound.log");
            Process process = new ProcessBuilder(BINARY.toString(), "-d", "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Unbound unbound = new Unbound(process, port, log);
            if (unbound.awaitAnswering()) {
                return unbound;
            }
            unbound.close();
            lastFailure = new IOException("unbound did not answer on port " + port + ": " + Files.readString(log));
        }
        throw lastFailure;
    }

    private static String config(Path directory, int port, String access) {
        return """
                server:
                  interface: 127.0.0.1
                  port: %d
                  do-daemonize: no
                  username: ""
                  chroot: ""
                  pidfile: ""
                  directory: "%s"
                  use-syslog: no
                  logfile: ""
                  verbosity: 0
                  num-threads: 1
                  do-ip6: no
                  outgoing-interface: 127.0.0.1
                  do-not-query-localhost: yes
                  module-config: "iterator"
                  access-control: 127.0.0.0/8 %s
                  edns-buffer-size: 1232
                auth-zone:
                  name: "."
                  zonefile: "%s"
                  for-downstream: yes
                  for-upstream: yes
                  fallback-enabled: no
                auth-zone:
                  name: "%s"
                  zonefile: "%s"
                  for-downstream: yes
                  for-upstream: yes
                  fallback-enabled: no
                remote-control:
                  control-enable: no
                """.formatted(port, directory, access, directory.resolve("root.zone"), ZONE, directory.resolve("up.zone"));
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** The address as written in a forward config. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private boolean awaitAnswering() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until && process.isAlive()) {
            if (answers()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Asks {@code www.up.example. A} with a plain blocking socket. */
    private boolean answers() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(200);
            byte[] query = Message.newQuery(Record.newRecord(Name.fromConstantString("www." + ZONE), Type.A, DClass.IN)).toWire();
            socket.send(new DatagramPacket(query, query.length, address()));
            byte[] buffer = new byte[4096];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            Message message = new Message(java.util.Arrays.copyOf(buffer, reply.getLength()));
            // a refusing unbound (startRefusing) is up once it refuses
            return message.getSection(1).size() == 1 || message.getRcode() == org.xbill.DNS.Rcode.REFUSED;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops unbound and waits until the process is gone. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            throw new IllegalStateException("unbound (pid " + process.pid() + ") did not stop");
        }
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** A port free for both UDP and TCP on 127.0.0.1 right now. */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                port = udp.getLocalPort();
            }
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port");
    }
}
