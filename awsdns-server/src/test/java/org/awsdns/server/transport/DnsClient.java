package org.awsdns.server.transport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** A raw DNS client over real loopback sockets, so tests control every byte. */
final class DnsClient {
    static final int TIMEOUT_MILLIS = 5000;

    private DnsClient() {}

    static Message query(String name, int type) {
        return Message.newQuery(Record.newRecord(TestPlugins.name(name), type, DClass.IN));
    }

    static Message queryA(String name) {
        return query(name, Type.A);
    }

    static Message withEdns(Message query, int udpSize, int version, boolean dnssecOk) {
        query.addRecord(new OPTRecord(udpSize, 0, version, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        return query;
    }

    /** Sends over UDP from an ephemeral loopback port and returns the reply. */
    static Message udp(InetSocketAddress server, Message query) throws IOException {
        try (DatagramSocket socket = udpSocket(server.getAddress())) {
            return new Message(exchange(socket, server, query.toWire()));
        }
    }

    static DatagramSocket udpSocket(InetAddress local) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0));
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    static byte[] exchange(DatagramSocket socket, InetSocketAddress server, byte[] packet) throws IOException {
        send(socket, server, packet);
        return receive(socket);
    }

    static void send(DatagramSocket socket, InetSocketAddress server, byte[] packet) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, server));
    }

    static byte[] receive(DatagramSocket socket) throws IOException {
        byte[] buffer = new byte[65535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        return Arrays.copyOf(buffer, packet.getLength());
    }

    /** Sends over a new TCP connection and returns the reply. */
    static Message tcp(InetSocketAddress server, Message query) throws IOException {
        try (Socket socket = tcpSocket(server)) {
            writeFrame(socket, query.toWire());
            return new Message(readFrame(socket.getInputStream()));
        }
    }

    static Socket tcpSocket(InetSocketAddress server) throws IOException {
        Socket socket = new Socket();
        socket.connect(server, TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    static void writeFrame(Socket socket, byte[] frame) throws IOException {
        socket.getOutputStream().write(frame(frame));
    }

    static byte[] frame(byte[] message) {
        byte[] framed = new byte[message.length + 2];
        framed[0] = (byte) (message.length >>> 8);
        framed[1] = (byte) message.length;
        System.arraycopy(message, 0, framed, 2, message.length);
        return framed;
    }

    static byte[] readFrame(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] frame = new byte[data.readUnsignedShort()];
        data.readFully(frame);
        return frame;
    }
}
