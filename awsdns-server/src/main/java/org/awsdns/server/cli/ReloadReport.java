package org.awsdns.server.cli;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.awsdns.server.config.ConfigValues;
import org.awsdns.server.transport.DnsServer;

/** The one line a reload logs and returns: blocks, resources kept, created and closed, addresses. */
final class ReloadReport {
    private ReloadReport() {}

    static String describe(ServedConfig old, int oldBlocks, ServedConfig current, int blocks, DnsServer.Applied applied) {
        List<Object> oldResources = old.resources().all();
        List<Object> newResources = current.resources().all();
        List<String> newPaths = current.resources().paths();
        List<String> oldPaths = old.resources().paths();
        List<String> kept = new ArrayList<>();
        List<String> created = new ArrayList<>();
        List<String> closed = new ArrayList<>();
        for (int i = 0; i < newResources.size(); i++) {
            (containsIdentical(oldResources, newResources.get(i)) ? kept : created).add(newPaths.get(i));
        }
        for (int i = 0; i < oldResources.size(); i++) {
            if (!containsIdentical(newResources, oldResources.get(i))) {
                closed.add(oldPaths.get(i));
            }
        }
        return blocks + " server blocks (was " + oldBlocks + ")"
                + "; resources kept " + kept + ", created " + created + ", closed " + closed
                + "; listening on " + format(applied.added()) + " more, " + format(applied.removed()) + " no longer"
                + (applied.previousClosed().isDone() ? "" : "; the old chains close when their last query is done");
    }

    private static boolean containsIdentical(List<Object> list, Object item) {
        return list.stream().anyMatch(element -> element == item);
    }

    private static List<String> format(List<InetSocketAddress> addresses) {
        return addresses.stream().map(ConfigValues::format).toList();
    }
}
