package org.awsdns.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.awsdns.core.PluginFactory;

/**
 * Refuses a chain whose order breaks what its plugins declare ({@link PluginFactory#runsAfter()},
 * {@link PluginFactory#runsBefore()}), e.g. a {@code txt-extra} placed before the
 * {@code ec2-forward} whose answers it describes, naming the entry and an order that works.
 */
final class ChainOrder {
    /** Plugin {@code first} must come before plugin {@code then}, as plugin {@code declaredBy} says. */
    private record Rule(int first, int then, int declaredBy) {}

    private ChainOrder() {}

    /** @throws ConfigException at the first entry whose declaration the written order breaks */
    static void check(ServerSpec server, Map<String, PluginFactory<?>> factories) {
        List<PluginSpec> plugins = server.plugins();
        List<Rule> rules = rules(plugins, factories);
        for (Rule rule : rules) {
            if (rule.first() > rule.then()) {
                PluginSpec declaring = plugins.get(rule.declaredBy());
                boolean after = rule.declaredBy() == rule.then();
                PluginSpec other = plugins.get(after ? rule.first() : rule.then());
                throw new ConfigException(declaring.location() + ": " + declaring.path() + ": " + declaring.name()
                        + " must come " + (after ? "after " : "before ") + other.name() + " (" + other.path() + ")"
                        + workingOrder(plugins, rules));
            }
        }
    }

    private static List<Rule> rules(List<PluginSpec> plugins, Map<String, PluginFactory<?>> factories) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < plugins.size(); i++) {
            PluginFactory<?> factory = factories.get(plugins.get(i).name());
            if (factory == null) {
                continue;
            }
            for (int j = 0; j < plugins.size(); j++) {
                String other = plugins.get(j).name();
                if (j != i && factory.runsAfter().contains(other)) {
                    rules.add(new Rule(j, i, i));
                }
                if (j != i && factory.runsBefore().contains(other)) {
                    rules.add(new Rule(i, j, i));
                }
            }
        }
        rules.sort((a, b) -> a.declaredBy() != b.declaredBy()
                ? Integer.compare(a.declaredBy(), b.declaredBy())
                : Integer.compare(Math.min(a.first(), a.then()), Math.min(b.first(), b.then())));
        return rules;
    }

    /**
     * The written order changed as little as it must (each time the earliest written plugin whose
     * predecessors are placed), or a note that the declarations contradict each other.
     */
    private static String workingOrder(List<PluginSpec> plugins, List<Rule> rules) {
        int[] waitingFor = new int[plugins.size()];
        for (Rule rule : rules) {
            waitingFor[rule.then()]++;
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < plugins.size(); i++) {
            if (waitingFor[i] == 0) {
                ready.add(i);
            }
        }
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int next = ready.poll();
            order.add(plugins.get(next).name());
            for (Rule rule : rules) {
                if (rule.first() == next && --waitingFor[rule.then()] == 0) {
                    ready.add(rule.then());
                }
            }
        }
        if (order.size() < plugins.size()) {
            return "; the plugins' order declarations contradict each other, so no order of this chain works";
        }
        return "; an order that works: " + String.join(", ", order);
    }
}
