package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import org.awsdns.core.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP reader thread: a blocking receive loop on its own socket (one of several bound to the
 * same address with SO_REUSEPORT, so the kernel spreads packets over them). Replies answered at
 * once are sent from this thread; late ones from whichever thread completes them, which
 * {@link DatagramChannel#send} allows.
 */
final class UdpListener implements ReplyTarget, Runnable {
    private static final Logger log = LoggerFactory.getLogger(UdpListener.class);
    private static final int MAX_DATAGRAM = 65535;

    private final DatagramChannel channel;
    private final ListenEndpoint endpoint;
    private final QueryProcessor processor;

    UdpListener(DatagramChannel channel, ListenEndpoint endpoint, QueryProcessor processor) {
        this.channel = requireNonNull(channel, "channel is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.processor = requireNonNull(processor, "processor is null");
    }

    @Override
    public void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        while (true) {
            InetSocketAddress client;
            buffer.clear();
            try {
                client = (InetSocketAddress) channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return; // closed by DnsServer.close()
            } catch (IOException | RuntimeException e) {
                if (!channel.isOpen()) {
                    return;
                }
                log.debug("receive failed on {}", endpoint.local(), e);
                continue;
            }
            if (client == null || !processor.accepting()) {
                continue; // shutting down: in-flight queries finish, new ones are dropped
            }
            buffer.flip();
            byte[] packet = new byte[buffer.remaining()];
            buffer.get(packet);
            processor.process(packet, client, endpoint, Transport.UDP, this);
        }
    }

    @Override
    public void send(byte[] reply, InetSocketAddress client) {
        try {
            channel.send(ByteBuffer.wrap(reply), client);
        } catch (IOException | RuntimeException e) {
            if (log.isDebugEnabled()) {
                log.debug("send to {} failed on {}", client, endpoint.local(), e);
            }
        }
    }

    @Override
    public void noReply(InetSocketAddress client) {
        // nothing to send
    }

    @Override
    public void dropped(InetSocketAddress client) {
        // nothing to do: a datagram that is not a query is simply not answered
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing UDP socket on {} failed", endpoint.local(), e);
        }
    }
}
