package org.awsdns.examples.splithorizon;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.awsdns.core.Metrics;

/** The plugin's meters, registered once when it is created; the view label holds configured views only. */
record SplitHorizonMetrics(Map<String, Metrics.Counter> answersByView, Metrics.Counter waits, Metrics.Counter waitFailures) {

    static SplitHorizonMetrics register(Metrics metrics, SplitHorizonConfig config) {
        TreeSet<String> views = new TreeSet<>();
        config.names().values().forEach(byView -> views.addAll(byView.keySet()));
        views.add("default");
        Map<String, Metrics.Counter> answers = new TreeMap<>();
        for (String view : views) {
            answers.put(view, metrics.counter("split_horizon_answers", "Answers given, by the client's view", "view", view));
        }
        return new SplitHorizonMetrics(Map.copyOf(answers),
                metrics.counter("split_horizon_waits", "Queries that waited for the networks' first read"),
                metrics.counter("split_horizon_wait_failures", "Queries answered SERVFAIL because the networks could not be read in time"));
    }

    void answered(String view) {
        answersByView.get(view).increment();
    }
}
