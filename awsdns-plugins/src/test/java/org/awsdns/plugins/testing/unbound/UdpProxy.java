package org.awsdns.plugins.testing.unbound;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;

/**
 * A UDP proxy on loopback in front of an upstream (unbound): it records every query it receives
 * and forwards it after a delay, or drops it, or first answers with a forged reply whose ID is
 * wrong. Only for tests: blocking sockets and a small thread pool.
 */
public final class UdpProxy implements AutoCloseable {
    /** What the proxy does with the next queries. */
    public enum Mode { FORWARD, DROP, FORGE_THEN_FORWARD }

    private final DatagramSocket socket;
    private final InetSocketAddress upstream;
    private final ScheduledThreadPoolExecutor workers = new ScheduledThreadPoolExecutor(4, runnable -> {
        Thread thread = new Thread(runnable, "test-udp-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread receiver;
    private final List<Message> queries = new CopyOnWriteArrayList<>();
    private final List<Integer> sourcePorts = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.FORWARD;
    private volatile long delayMillis;

    public UdpProxy(InetSocketAddress upstream) throws SocketException {
        this.upstream = upstream;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.workers.prestartAllCoreThreads(); // thread counts in tests stay flat
        this.receiver = new Thread(this::receive, "test-udp-proxy-receiver");
        this.receiver.setDaemon(true);
        this.receiver.start();
    }

    public String hostPort() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public UdpProxy mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    public UdpProxy delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** The queries received so far, parsed. */
    public List<Message> queries() {
        return List.copyOf(queries);
    }

    /** The source port of each query received. */
    public List<Integer> sourcePorts() {
        return List.copyOf(sourcePorts);
    }

    /** Queries received for {@code name} (any case, any type). */
    public long queriesFor(String name) {
        return queries.stream().filter(q -> q.getQuestion().getName().toString().equalsIgnoreCase(name)).count();
    }

    private void receive() {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return;
            }
            byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            SocketAddress client = packet.getSocketAddress();
            try {
                queries.add(new Message(query));
                sourcePorts.add(packet.getPort());
            } catch (IOException e) {
                continue;
            }
            Mode now = mode;
            if (now == Mode.DROP) {
                continue;
            }
            if (now == Mode.FORGE_THEN_FORWARD) {
                send(forged(query), client);
            }
            workers.schedule(() -> relay(query, client), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** The query echoed back as a reply, with another ID: what a blind spoofer would send. */
    private static byte[] forged(byte[] query) {
        byte[] reply = query.clone();
        reply[1] = (byte) (reply[1] + 1);
        reply[2] |= (byte) 0x80;
        return reply;
    }

    private void relay(byte[] query, SocketAddress client) {
        try (DatagramSocket out = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            out.setSoTimeout(2000);
            out.send(new DatagramPacket(query, query.length, upstream));
            byte[] buffer = new byte[65535];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            out.receive(reply);
            send(java.util.Arrays.copyOf(buffer, reply.getLength()), client);
        } catch (IOException e) {
            // the upstream is gone: the client times out
        }
    }

    private void send(byte[] data, SocketAddress client) {
        try {
            socket.send(new DatagramPacket(data, data.length, client));
        } catch (IOException e) {
            // client gone
        }
    }

    @Override
    public void close() {
        socket.close();
        workers.shutdownNow();
        try {
            receiver.join(2000);
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
