package org.awsdns.server.it;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/** A plain DNS client for tests: one query, one reply, over real UDP or TCP sockets on loopback. */
final class DnsClient {
    private final InetSocketAddress server;
    private final InetAddress source;

    DnsClient(InetSocketAddress server) {
        this(server, null);
    }

    /** A client whose queries leave from {@code source} (any 127.0.0.0/8 address works on Linux). */
    DnsClient(InetSocketAddress server, InetAddress source) {
        this.server = server;
        this.source = source;
    }

    static Message query(String name, int type) throws TextParseException {
        return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
    }

    static Message queryWithEdns(String name, int type, int udpSize) throws TextParseException {
        Message message = query(name, type);
        message.addRecord(new OPTRecord(udpSize, 0, 0), org.xbill.DNS.Section.ADDITIONAL);
        return message;
    }

    Message udp(Message query) throws IOException {
        return new Message(udp(query.toWire()));
    }

    byte[] udp(byte[] query) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source, 0))) {
            socket.setSoTimeout(5000);
            socket.send(new DatagramPacket(query, query.length, server));
            DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
            socket.receive(reply);
            byte[] bytes = new byte[reply.getLength()];
            System.arraycopy(reply.getData(), 0, bytes, 0, bytes.length);
            return bytes;
        }
    }

    Message tcp(Message query) throws IOException {
        try (Socket socket = new Socket()) {
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.connect(server, 5000);
            socket.setSoTimeout(5000);
            byte[] wire = query.toWire();
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] reply = new byte[in.readUnsignedShort()];
            in.readFully(reply);
            return new Message(reply);
        }
    }
}
