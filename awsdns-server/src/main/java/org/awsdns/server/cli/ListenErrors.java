package org.awsdns.server.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.awsdns.core.IpLiterals;
import org.awsdns.server.config.ConfigException;
import org.awsdns.server.config.EndpointConfig;
import org.awsdns.server.config.LoadedConfig;
import org.awsdns.server.config.ServerSpec;
import org.awsdns.server.transport.ListenException;

/**
 * Turns an address that could not be bound into one message an operator can act on: where the
 * address was configured ({@code file:line:column: servers[0].listen[0]}, or {@code --listen}), the
 * address once, and the reason in words with what to do about it.
 */
final class ListenErrors {
    private ListenErrors() {}

    /** A DNS listen address of {@code config} could not be bound. */
    static ConfigException dns(IOException failure, LoadedConfig config) {
        if (!(failure instanceof ListenException listen)) {
            return new ConfigException("cannot listen: " + failure.getMessage(), failure);
        }
        String where = "listen";
        for (ServerSpec server : config.servers()) {
            int index = indexOf(server.listen(), listen.address());
            if (index >= 0) {
                String path = server.name() + ".listen[" + index + "]";
                where = config.locations().locate(path) + ": " + path;
                break;
            }
        }
        return new ConfigException(where + ": " + describe(listen), failure);
    }

    /** The metrics or health endpoint's address of {@code config} could not be bound. */
    static ConfigException http(IOException failure, LoadedConfig config) {
        if (!(failure instanceof ListenException listen)) {
            return new ConfigException("cannot serve the HTTP endpoints: " + failure.getMessage(), failure);
        }
        List<String> keys = new ArrayList<>();
        addIfAt(keys, "metrics", config.metrics(), listen.address(), config);
        addIfAt(keys, "health", config.health(), listen.address(), config);
        String where = keys.isEmpty() ? "metrics.listen / health.listen" : String.join(", ", keys);
        return new ConfigException(where + ": " + describe(listen), failure);
    }

    /** {@code cannot listen on ADDRESS: REASON; WHAT TO DO}, the address named once. */
    static String describe(ListenException failure) {
        InetSocketAddress address = failure.address();
        String text = "cannot listen on " + IpLiterals.format(address) + ": ";
        String reason = rootMessage(failure.getCause()).toLowerCase(Locale.ROOT);
        if (reason.contains("address already in use")) {
            return text + "the address is already in use by another process (another DNS server such as "
                    + "systemd-resolved or dnsmasq, or a second awsdns); `ss -tulpn` shows which one holds port "
                    + address.getPort();
        }
        if (reason.contains("permission denied") || reason.contains("access denied")) {
            return text + "permission denied"
                    + (address.getPort() < 1024 && address.getPort() != 0
                            ? ": a port below 1024 needs the CAP_NET_BIND_SERVICE capability; run awsdns with the "
                                    + "systemd unit of examples/systemd/awsdns.service (AmbientCapabilities="
                                    + "CAP_NET_BIND_SERVICE), give the container that capability, or listen on a port above 1023"
                            : "");
        }
        if (reason.contains("cannot assign requested address")) {
            return text + "no network interface of this machine has the address "
                    + IpLiterals.format(address.getAddress()) + "; listen on one of its addresses, or 0.0.0.0";
        }
        return text + rootMessage(failure.getCause());
    }

    private static void addIfAt(List<String> keys, String section, Optional<EndpointConfig> endpoint,
            InetSocketAddress address, LoadedConfig config) {
        if (endpoint.isPresent() && endpoint.get().listen().equals(address)) {
            String path = section + ".listen";
            keys.add(config.locations().locate(path) + ": " + path);
        }
    }

    private static int indexOf(List<InetSocketAddress> addresses, InetSocketAddress wanted) {
        for (int i = 0; i < addresses.size(); i++) {
            InetSocketAddress address = addresses.get(i);
            if (address.equals(wanted) || (address.getPort() == 0 && address.getAddress().equals(wanted.getAddress()))) {
                return i;
            }
        }
        return -1;
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
