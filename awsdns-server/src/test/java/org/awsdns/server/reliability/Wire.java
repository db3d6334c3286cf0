package org.awsdns.server.reliability;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HexFormat;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Raw DNS bytes over real sockets: what a hostile or clumsy client sends, byte for byte. */
final class Wire {
    static final int TIMEOUT_MILLIS = 10_000;

    private Wire() {}

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** A well-formed A query with {@code id} for {@code name}. */
    static byte[] query(int id, String name) {
        try {
            Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
            query.getHeader().setID(id);
            return query.toWire();
        } catch (TextParseException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    /** {@code payload} behind its two-byte length prefix. */
    static byte[] frame(byte[] payload) {
        byte[] framed = new byte[payload.length + 2];
        framed[0] = (byte) (payload.length >>> 8);
        framed[1] = (byte) payload.length;
        System.arraycopy(payload, 0, framed, 2, payload.length);
        return framed;
    }

    static Socket connect(InetSocketAddress server) throws IOException {
        return connect(server, null);
    }

    /** A TCP connection to {@code server} leaving from {@code source} (any 127/8 address works on Linux). */
    static Socket connect(InetSocketAddress server, InetAddress source) throws IOException {
        Socket socket = new Socket();
        if (source != null) {
            socket.bind(new InetSocketAddress(source, 0));
        }
        socket.connect(server, TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        return socket;
    }

    static void write(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** The next reply frame on {@code socket}. */
    static Message readFrame(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] reply = new byte[in.readUnsignedShort()];
        in.readFully(reply);
        return new Message(reply);
    }

    /** True when the server closed {@code socket} (end of stream or reset) within the timeout. */
    static boolean closedByServer(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** One query, one reply over a fresh TCP connection. */
    static Message tcpExchange(InetSocketAddress server, InetAddress source, byte[] query) throws IOException {
        try (Socket socket = connect(server, source)) {
            write(socket, frame(query));
            return readFrame(socket);
        }
    }

    static DatagramSocket udpSocket() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    /** Sends {@code packet} and returns the reply's raw bytes. */
    static byte[] udpExchange(DatagramSocket socket, InetSocketAddress server, byte[] packet) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, server));
        DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
        socket.receive(reply);
        byte[] bytes = new byte[reply.getLength()];
        System.arraycopy(reply.getData(), 0, bytes, 0, bytes.length);
        return bytes;
    }

    static void readFully(Socket socket, byte[] into) throws IOException {
        try {
            new DataInputStream(socket.getInputStream()).readFully(into);
        } catch (EOFException e) {
            throw new IOException("the server closed the connection", e);
        }
    }

    /** A TCP port free on loopback now, for a listen address that needs a fixed port of its own. */
    static int freeTcpPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
