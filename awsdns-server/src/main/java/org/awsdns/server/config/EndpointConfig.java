package org.awsdns.server.config;

import java.net.InetSocketAddress;

/**
 * An HTTP endpoint of the server, the {@code metrics:} or {@code health:} section.
 *
 * @param listen where the HTTP server listens, {@code HOST:PORT}; port 0 picks a free port
 */
public record EndpointConfig(InetSocketAddress listen) {
    public EndpointConfig {
        if (listen == null) {
            throw new IllegalArgumentException("'listen' is required: HOST:PORT, e.g. listen: \"127.0.0.1:9153\"");
        }
    }
}
