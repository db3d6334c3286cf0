package org.awsdns.server.transport;

import java.time.Duration;

/**
 * Transport settings shared by every listener, from the {@code transport:} section of the config
 * (keys in snake_case: {@code edns_udp_size}, ...). Absent values take the defaults below.
 *
 * @param ednsUdpSize the largest UDP response this server sends an EDNS client, and advertises
 *     in its OPT record; 512–4096, default 1232 (the DNS flag day 2020 value)
 * @param udpThreads I/O threads (event loops), each with its own SO_REUSEPORT UDP socket per
 *     address; they serve TCP too; default: the number of cores
 * @param tcpIdleTimeout a TCP connection with no query for this long is closed; default 10 s
 * @param maxTcpConnections open TCP connections at most; a new one past it takes the place of the
 *     longest-idle one, or is closed at once when none is idle; default 1024
 * @param maxTcpConnectionsPerClient open TCP connections of one client at most (past it, the
 *     client's own longest-idle connection is closed, or the new one); default 64
 * @param ipv6ClientPrefix IPv6 clients are counted by this prefix for the per-client limit;
 *     default 80 (an ENI's delegated prefix in a VPC, where a /64 is a whole subnet)
 * @param maxTcpPipelined queries of one TCP connection (or streams of one HTTP/2 connection) answered
 *     concurrently; default 100, the least RFC 9113 §6.5.2 recommends for HTTP/2 (and unbound's
 *     http-max-streams): clients such as dnsperf open that many streams and stall below it
 * @param queryTimeout a chain that has not answered by then gets SERVFAIL; default 10 s
 * @param shutdownGrace how long in-flight queries may finish at shutdown; default 5 s
 * @param io the I/O mode: {@code auto} (default: epoll where it loads, else NIO), {@code epoll}
 *     or {@code nio}; read at start only
 */
public record ServerSettings(
        Integer ednsUdpSize,
        Integer udpThreads,
        Duration tcpIdleTimeout,
        Integer maxTcpConnections,
        Integer maxTcpConnectionsPerClient,
        Integer ipv6ClientPrefix,
        Integer maxTcpPipelined,
        Duration queryTimeout,
        Duration shutdownGrace,
        IoMode io) {

    public static final int MIN_UDP_SIZE = 512;
    public static final int MAX_UDP_SIZE = 4096;

    public ServerSettings {
        ednsUdpSize = ednsUdpSize == null ? 1232 : ednsUdpSize;
        if (ednsUdpSize < MIN_UDP_SIZE || ednsUdpSize > MAX_UDP_SIZE) {
            throw new IllegalArgumentException(
                    "edns_udp_size must be between " + MIN_UDP_SIZE + " and " + MAX_UDP_SIZE + ", got " + ednsUdpSize);
        }
        udpThreads = udpThreads == null ? Runtime.getRuntime().availableProcessors() : udpThreads;
        if (udpThreads < 1 || udpThreads > 64) {
            throw new IllegalArgumentException("udp_threads must be between 1 and 64, got " + udpThreads);
        }
        tcpIdleTimeout = positive("tcp_idle_timeout", tcpIdleTimeout, Duration.ofSeconds(10));
        maxTcpConnections = maxTcpConnections == null ? 1024 : maxTcpConnections;
        if (maxTcpConnections < 1) {
            throw new IllegalArgumentException("max_tcp_connections must be at least 1, got " + maxTcpConnections);
        }
        maxTcpConnectionsPerClient = maxTcpConnectionsPerClient == null ? 64 : maxTcpConnectionsPerClient;
        if (maxTcpConnectionsPerClient < 1) {
            throw new IllegalArgumentException(
                    "max_tcp_connections_per_client must be at least 1, got " + maxTcpConnectionsPerClient);
        }
        ipv6ClientPrefix = ipv6ClientPrefix == null ? 80 : ipv6ClientPrefix;
        if (ipv6ClientPrefix < 0 || ipv6ClientPrefix > 128) {
            throw new IllegalArgumentException("ipv6_client_prefix must be between 0 and 128, got " + ipv6ClientPrefix);
        }
        maxTcpPipelined = maxTcpPipelined == null ? 100 : maxTcpPipelined;
        if (maxTcpPipelined < 1) {
            throw new IllegalArgumentException("max_tcp_pipelined must be at least 1, got " + maxTcpPipelined);
        }
        queryTimeout = positive("query_timeout", queryTimeout, Duration.ofSeconds(10));
        shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(5) : shutdownGrace;
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdown_grace must not be negative, got " + shutdownGrace);
        }
        io = io == null ? IoMode.defaultMode() : io;
    }

    /** The settings without the per-client keys and the I/O mode (their defaults). */
    public ServerSettings(Integer ednsUdpSize, Integer udpThreads, Duration tcpIdleTimeout, Integer maxTcpConnections,
            Integer maxTcpPipelined, Duration queryTimeout, Duration shutdownGrace) {
        this(ednsUdpSize, udpThreads, tcpIdleTimeout, maxTcpConnections, maxTcpPipelined, queryTimeout, shutdownGrace,
                null);
    }

    /** The settings without the per-client keys (their defaults). */
    public ServerSettings(Integer ednsUdpSize, Integer udpThreads, Duration tcpIdleTimeout, Integer maxTcpConnections,
            Integer maxTcpPipelined, Duration queryTimeout, Duration shutdownGrace, IoMode io) {
        this(ednsUdpSize, udpThreads, tcpIdleTimeout, maxTcpConnections, null, null, maxTcpPipelined, queryTimeout,
                shutdownGrace, io);
    }

    /** All defaults. */
    public static ServerSettings defaults() {
        return new ServerSettings(null, null, null, null, null, null, null);
    }

    private static Duration positive(String key, Duration value, Duration fallback) {
        Duration result = value == null ? fallback : value;
        if (result.isZero() || result.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive, got " + result);
        }
        return result;
    }
}
