package org.awsdns.server.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The query histograms of one registry ({@link QueryHistogram}), exported as Prometheus classic
 * histograms with the names, labels and buckets Micrometer's timers and summaries had: the
 * {@code _bucket}, {@code _count} and {@code _sum} series, and a {@code _max} gauge. Series are
 * kept for the life of the registry, as Micrometer kept its meters, so counts run on across a
 * reload. A registry other than Prometheus's (unit tests) records but exports nothing.
 */
public final class QueryHistograms implements MultiCollector {
    private static final Map<MeterRegistry, QueryHistograms> BY_REGISTRY = new WeakHashMap<>();

    private final Map<String, Family> families = new ConcurrentHashMap<>();

    private QueryHistograms() {}

    /** The histograms of {@code registry}, registered with it (when it is Prometheus's) on first use. */
    public static QueryHistograms of(MeterRegistry registry) {
        requireNonNull(registry, "registry is null");
        synchronized (BY_REGISTRY) {
            return BY_REGISTRY.computeIfAbsent(registry, r -> {
                QueryHistograms histograms = new QueryHistograms();
                if (r instanceof PrometheusMeterRegistry prometheus) {
                    prometheus.getPrometheusRegistry().register(histograms);
                }
                return histograms;
            });
        }
    }

    /**
     * The series of histogram {@code name} with {@code labels} (name, value, ...), made on first use.
     *
     * @param name the Prometheus name, unit included, e.g. {@code awsdns_request_duration_seconds}
     * @param bounds the buckets' upper bounds in the recorded unit
     * @param divisor exported value = recorded value / divisor (1e9 for nanoseconds as seconds)
     */
    public QueryHistogram histogram(String name, String help, Unit unit, long[] bounds, double divisor, String... labels) {
        Family family = families.computeIfAbsent(name, n -> new Family(n, help, unit, bounds, divisor));
        return family.series.computeIfAbsent(Labels.of(labels), l -> new QueryHistogram(family.bounds));
    }

    @Override
    public MetricSnapshots collect() {
        long now = System.currentTimeMillis();
        List<MetricSnapshot> snapshots = new ArrayList<>();
        for (Family family : families.values()) {
            HistogramSnapshot.Builder histogram = HistogramSnapshot.builder()
                    .name(family.name).help(family.help).unit(family.unit);
            GaugeSnapshot.Builder max = GaugeSnapshot.builder().name(family.name + "_max").help(family.help);
            family.series.forEach((labels, series) -> {
                histogram.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .labels(labels)
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(family.exportedBounds, series.bucketCounts()))
                        .sum(series.sum() / family.divisor)
                        .build());
                max.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(labels)
                        .value(series.recentMax(now) / family.divisor)
                        .build());
            });
            snapshots.add(histogram.build());
            snapshots.add(max.build());
        }
        return new MetricSnapshots(snapshots);
    }

    @Override
    public List<String> getPrometheusNames() {
        List<String> names = new ArrayList<>();
        for (String name : families.keySet()) {
            names.add(name);
            names.add(name + "_max");
        }
        return names;
    }

    /** One histogram's name, buckets and series. */
    private static final class Family {
        final String name;
        final String help;
        final Unit unit;
        final long[] bounds;
        final double[] exportedBounds;
        final double divisor;
        final Map<Labels, QueryHistogram> series = new ConcurrentHashMap<>();

        Family(String name, String help, Unit unit, long[] bounds, double divisor) {
            this.name = name;
            this.help = help;
            this.unit = unit;
            this.bounds = bounds.clone();
            this.divisor = divisor;
            this.exportedBounds = new double[bounds.length + 1];
            for (int i = 0; i < bounds.length; i++) {
                exportedBounds[i] = bounds[i] / divisor; // as Micrometer converted its buckets
            }
            exportedBounds[bounds.length] = Double.POSITIVE_INFINITY;
        }
    }
}
