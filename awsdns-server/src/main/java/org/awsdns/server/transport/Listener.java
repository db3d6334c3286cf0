package org.awsdns.server.transport;

import org.awsdns.server.tls.TlsContextSource;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The sockets of one configured listen address: a UDP socket per event loop (SO_REUSEPORT) and
 * one TCP listening socket, on the same port; only the TCP one for DNS over TLS or HTTPS. Its handlers read {@link #endpoint()}, which is
 * set once every socket is bound and before any of them reads.
 */
final class Listener {
    private final InetSocketAddress configured;
    private final int index;
    private final SecureListen secure;
    private final List<Channel> udp = new ArrayList<>();
    private Channel tcp;
    private volatile ListenEndpoint endpoint;

    Listener(InetSocketAddress configured, int index, SecureListen secure) {
        this.configured = configured;
        this.index = index;
        this.secure = secure;
    }

    /** DNS over TLS or HTTPS, as bound; null for plain DNS (UDP and TCP). */
    SecureListen secure() {
        return secure;
    }

    /** What it serves, for logs. */
    String describe() {
        if (secure == null) {
            return "UDP and TCP, " + udp.size() + " UDP sockets";
        }
        String tls = ", TLS by " + TlsContextSource.provider();
        return (secure.https() ? "DNS over HTTPS at " + secure.path() : "DNS over TLS") + tls;
    }

    InetSocketAddress configured() {
        return configured;
    }

    int index() {
        return index;
    }

    ListenEndpoint endpoint() {
        return endpoint;
    }

    void bound(InetSocketAddress local) {
        endpoint = new ListenEndpoint(index, local);
    }

    List<Channel> udp() {
        return udp;
    }

    Channel tcp() {
        return tcp;
    }

    void tcp(Channel channel) {
        tcp = channel;
    }

    /** Starts reading: datagrams and TCP connections are taken from now on. */
    void startReading() {
        udp.forEach(channel -> channel.config().setAutoRead(true));
        if (tcp != null) {
            tcp.config().setAutoRead(true);
        }
    }

    /** Stops taking TCP connections; those open keep being served. */
    void closeTcp() {
        if (tcp != null) {
            tcp.close().awaitUninterruptibly();
        }
    }

    /** Closes the UDP sockets once the replies already handed to their loops are sent. */
    void closeUdp() {
        for (Channel channel : udp) {
            channel.flush(); // queued after any late reply's write, before the close
            channel.close().awaitUninterruptibly();
        }
    }

    void closeAll() {
        closeTcp();
        closeUdp();
    }

    /** Closes what a failed bind left open, for another attempt. */
    void unbind() {
        closeAll();
        udp.clear();
        tcp = null;
    }
}
