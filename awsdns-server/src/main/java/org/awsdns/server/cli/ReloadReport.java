package org.awsdns.server.cli;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.awsdns.core.NamedPlugin;
import org.awsdns.server.config.ConfigValues;
import org.awsdns.server.transport.DnsServer;
import org.awsdns.server.transport.ServerBlock;

/** The one line a reload logs and returns: blocks, resources kept, created and closed, addresses. */
final class ReloadReport {
    private ReloadReport() {}

    static String describe(ServedConfig old, List<ServerBlock> oldBlocks, ServedConfig current, List<ServerBlock> blocks,
            DnsServer.Applied applied) {
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
        return blocks.size() + " server blocks (was " + oldBlocks.size() + ")"
                + "; resources kept " + kept + ", created " + created + ", closed " + closed
                + "; " + describePlugins(oldBlocks, blocks)
                + "; listening on " + format(applied.added()) + " more, " + format(applied.removed()) + " no longer"
                + (applied.previousClosed().isDone() ? "" : "; the old chains close when their last query is done");
    }

    /**
     * Which plugins kept their state (same instance, configuration unchanged) and which blocks have
     * new ones: {@code plugins kept [servers[0]: cache, forward], new [servers[0]: hosts]}.
     */
    private static String describePlugins(List<ServerBlock> oldBlocks, List<ServerBlock> blocks) {
        Set<Object> before = Collections.newSetFromMap(new IdentityHashMap<>());
        oldBlocks.forEach(block -> block.pipeline().plugins().forEach(plugin -> before.add(plugin.plugin())));
        List<String> kept = new ArrayList<>();
        List<String> created = new ArrayList<>();
        for (ServerBlock block : blocks) {
            List<String> keptHere = new ArrayList<>();
            List<String> newHere = new ArrayList<>();
            for (NamedPlugin plugin : block.pipeline().plugins()) {
                (before.contains(plugin.plugin()) ? keptHere : newHere).add(plugin.name());
            }
            if (!keptHere.isEmpty()) {
                kept.add(block.name() + ": " + String.join(", ", keptHere));
            }
            if (!newHere.isEmpty()) {
                created.add(block.name() + ": " + String.join(", ", newHere));
            }
        }
        return "plugins kept " + kept + ", new " + created;
    }

    private static boolean containsIdentical(List<Object> list, Object item) {
        return list.stream().anyMatch(element -> element == item);
    }

    private static List<String> format(List<InetSocketAddress> addresses) {
        return addresses.stream().map(ConfigValues::format).toList();
    }
}
