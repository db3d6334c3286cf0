package org.awsdns.testing;

import static java.util.Objects.requireNonNull;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.xbill.DNS.Message;

/**
 * A small DNS client for tests: one query, one reply, over real UDP or TCP sockets. Every wait is
 * bounded by the timeout (default 5 s); a reply that does not come fails with
 * {@link SocketTimeoutException}. Loopback only, as tests must be.
 *
 * <pre>{@code
 * DnsClient client = DnsClient.to(server.address());
 * Message reply = client.udp(Queries.message("web.demo.internal.", Type.A));
 * }</pre>
 */
public final class DnsClient {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final InetSocketAddress server;
    private final InetAddress source;
    private final Duration timeout;

    private DnsClient(InetSocketAddress server, InetAddress source, Duration timeout) {
        this.server = requireNonNull(server, "server is null");
        if (!server.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("tests query loopback only, not " + server);
        }
        this.source = source;
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    public static DnsClient to(InetSocketAddress server) {
        return new DnsClient(server, null, DEFAULT_TIMEOUT);
    }

    /** The same client sending from {@code source} (any 127.0.0.0/8 address works on Linux). */
    public DnsClient from(InetAddress source) {
        return new DnsClient(server, source, timeout);
    }

    /** The same client sending from an IP literal such as {@code 127.0.0.2}. */
    public DnsClient from(String source) {
        return from(Queries.literal(source));
    }

    public DnsClient timeout(Duration timeout) {
        return new DnsClient(server, source, timeout);
    }

    public InetSocketAddress server() {
        return server;
    }

    /** Sends {@code query} in one datagram and reads one reply. */
    public Message udp(Message query) throws IOException {
        return new Message(udp(query.toWire()));
    }

    /** Sends raw bytes in one datagram and returns the reply's bytes. */
    public byte[] udp(byte[] packet) throws IOException {
        try (DatagramSocket socket = udpSocket()) {
            return exchange(socket, packet);
        }
    }

    /** A UDP socket bound to the source (or loopback), with the timeout set: for tests sending several datagrams. */
    public DatagramSocket udpSocket() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source != null ? source : server.getAddress(), 0));
        socket.setSoTimeout(timeoutMillis());
        return socket;
    }

    /** Sends {@code packet} to the server from {@code socket} (one of {@link #udpSocket()}), without waiting for a reply. */
    public void send(DatagramSocket socket, byte[] packet) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, server));
    }

    /** Sends {@code packet} from {@code socket} and reads one reply there: several exchanges from one source port. */
    public byte[] exchange(DatagramSocket socket, byte[] packet) throws IOException {
        send(socket, packet);
        return receive(socket);
    }

    /** One datagram read from {@code socket}. */
    public static byte[] receive(DatagramSocket socket) throws IOException {
        byte[] buffer = new byte[65535];
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        socket.receive(reply);
        return Arrays.copyOf(buffer, reply.getLength());
    }

    /** Sends {@code query} over a new TCP connection and reads one framed reply. */
    public Message tcp(Message query) throws IOException {
        try (Socket socket = tcpSocket()) {
            socket.getOutputStream().write(frame(query.toWire()));
            return new Message(readFrame(socket.getInputStream()));
        }
    }

    /** A TCP connection to the server, with the timeout set: for tests that pipeline or misbehave. */
    public Socket tcpSocket() throws IOException {
        Socket socket = new Socket();
        try {
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.connect(server, timeoutMillis());
            socket.setSoTimeout(timeoutMillis());
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** {@code message} with the two-byte length prefix of DNS over TCP. */
    public static byte[] frame(byte[] message) {
        if (message.length > 65535) {
            throw new IllegalArgumentException("a DNS message over TCP is at most 65535 bytes, got " + message.length);
        }
        byte[] framed = new byte[message.length + 2];
        framed[0] = (byte) (message.length >>> 8);
        framed[1] = (byte) message.length;
        System.arraycopy(message, 0, framed, 2, message.length);
        return framed;
    }

    /** Reads one length-prefixed message. */
    public static byte[] readFrame(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] frame = new byte[data.readUnsignedShort()];
        data.readFully(frame);
        return frame;
    }

    /** Like {@link #udp(Message)}, for lambdas: an I/O failure becomes unchecked. */
    public Message udpUnchecked(Message query) {
        try {
            return udp(query);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    @Override
    public String toString() {
        return "DnsClient[" + server + (source == null ? "" : " from " + source.getHostAddress()) + "]";
    }
}
