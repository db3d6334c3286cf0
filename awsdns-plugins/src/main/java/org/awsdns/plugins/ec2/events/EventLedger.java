package org.awsdns.plugins.ec2.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awsdns.plugins.ec2.events.EventsMetrics.Difference;
import org.awsdns.plugins.ec2.inventory.Ec2Instance;
import org.awsdns.plugins.ec2.inventory.InventoryIndex;

/**
 * What change events said about each instance, newest first: decides whether an event is older
 * than what is known (events arrive twice, late and out of order), and replays recent events over
 * a full load, which may have started before them or lag behind them (EC2's eventual consistency).
 *
 * <p>Two things are followed per instance, each ordered by the event's {@code time}: its presence
 * (running, or leaving: stopped, terminated, Terminating:Wait) and its tags (ordered also by the
 * tag change's version). Entries older than the last full load's start minus {@link #SKEW} are
 * dropped: the load knows better. Thread-safe.
 */
final class EventLedger {
    /** How far a full load may lag behind events, and how far clocks may disagree. */
    static final Duration SKEW = Duration.ofMinutes(5);
    /** The longest an instance stays in Terminating:Wait (Auto Scaling's limit is 48 h). */
    static final Duration TERMINATING_LIMIT = Duration.ofHours(48);
    private static final int REMEMBERED_EVENT_IDS = 10_000;

    /** The instance's presence as of {@code time}; {@code instance} is what a targeted call returned. */
    private record Presence(Instant time, boolean gone, Ec2Instance instance) {}

    private record Tags(Instant time, long version, Map<String, String> tags) {}

    /** Whether an event should be applied. */
    enum Verdict {
        APPLY,
        STALE,
        DUPLICATE
    }

    private final Map<String, Presence> presence = new HashMap<>();
    private final Map<String, Tags> tags = new HashMap<>();
    /** Instances in Terminating:Wait: still running for EC2, not answered. */
    private final Map<String, Instant> terminating = new HashMap<>();
    private final Map<String, Boolean> applied = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_EVENT_IDS;
        }
    };
    /** Events older than this are older than the last full load. */
    private Instant floor = Instant.MIN;
    private boolean loadedOnce;

    synchronized Verdict check(ChangeEvent event) {
        if (applied.containsKey(event.id())) {
            return Verdict.DUPLICATE;
        }
        if (event.finalState()) {
            return Verdict.APPLY; // nothing comes back from terminated: never stale
        }
        if (event.time().isBefore(floor)) {
            return Verdict.STALE;
        }
        if (event.kind() == ChangeEvent.Kind.TAG_CHANGE) {
            Tags known = tags.get(event.instanceId());
            boolean older = known != null && (event.time().isBefore(known.time())
                    || (event.time().equals(known.time()) && event.tagVersion() < known.version()));
            return older ? Verdict.STALE : Verdict.APPLY;
        }
        Presence known = presence.get(event.instanceId());
        return known != null && event.time().isBefore(known.time()) ? Verdict.STALE : Verdict.APPLY;
    }

    /** Remembers an applied event's ID, so that its next delivery is a duplicate. */
    synchronized void applied(ChangeEvent event) {
        applied.put(event.id(), Boolean.TRUE);
    }

    synchronized void leaving(ChangeEvent event) {
        presence.put(event.instanceId(), new Presence(event.time(), true, null));
        if (event.kind() == ChangeEvent.Kind.ASG_TERMINATING) {
            terminating.put(event.instanceId(), event.time());
        }
    }

    synchronized void launching(ChangeEvent event) {
        Presence known = presence.get(event.instanceId());
        if (known == null || !event.time().isBefore(known.time())) {
            presence.put(event.instanceId(), new Presence(event.time(), false, known == null ? null : known.instance()));
        }
    }

    /**
     * The instances a targeted call returned that may enter the index: not those that left (or
     * entered Terminating:Wait) since, with the newest tags an event brought.
     */
    synchronized List<Ec2Instance> fetched(List<Ec2Instance> found) {
        List<Ec2Instance> admitted = new ArrayList<>(found.size());
        for (Ec2Instance instance : found) {
            Presence known = presence.get(instance.id());
            if ((known != null && known.gone()) || terminating.containsKey(instance.id())) {
                continue;
            }
            Instant time = known == null ? Instant.now() : known.time();
            presence.put(instance.id(), new Presence(time, false, instance));
            admitted.add(instance);
        }
        return admitted;
    }

    /**
     * Records a tag change.
     *
     * @return the instance with its new tags, or {@code null} when {@code current} is
     */
    synchronized Ec2Instance tagged(ChangeEvent event, Ec2Instance current) {
        tags.put(event.instanceId(), new Tags(event.time(), event.tagVersion(), event.tags()));
        Presence known = presence.get(event.instanceId());
        if (known != null && known.instance() != null) {
            presence.put(event.instanceId(), new Presence(known.time(), known.gone(),
                    withTags(known.instance(), event.tags())));
        }
        return current == null ? null : withTags(current, event.tags());
    }

    /**
     * Replays recent events over a full load that started at {@code started}, counts what the load
     * found that events had not brought (the index being replaced is the event-fed one), and
     * forgets what the load covers.
     */
    synchronized List<Ec2Instance> reconcile(List<Ec2Instance> loaded, Instant started, InventoryIndex current,
            EventsMetrics metrics) {
        Instant recent = started.minus(SKEW);
        Map<String, Ec2Instance> result = new LinkedHashMap<>(loaded.size() * 4 / 3 + 1);
        for (Ec2Instance instance : loaded) {
            result.put(instance.id(), instance);
        }
        for (Map.Entry<String, Presence> entry : presence.entrySet()) {
            Presence known = entry.getValue();
            if (known.time().isBefore(recent)) {
                continue;
            }
            if (known.gone()) {
                result.remove(entry.getKey());
            } else if (known.instance() != null) {
                result.putIfAbsent(entry.getKey(), known.instance()); // launched after the load looked
            }
        }
        for (Map.Entry<String, Tags> entry : tags.entrySet()) {
            Ec2Instance instance = result.get(entry.getKey());
            if (instance != null && !entry.getValue().time().isBefore(recent)) {
                result.put(entry.getKey(), withTags(instance, entry.getValue().tags()));
            }
        }
        for (Iterator<Map.Entry<String, Instant>> it = terminating.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Instant> entry = it.next();
            boolean stillThere = result.remove(entry.getKey()) != null;
            if ((!stillThere && entry.getValue().isBefore(started))
                    || entry.getValue().isBefore(started.minus(TERMINATING_LIMIT))) {
                it.remove(); // terminated for good (or the lifecycle hook's longest wait is over)
            }
        }
        presence.values().removeIf(known -> known.time().isBefore(recent));
        tags.values().removeIf(known -> known.time().isBefore(recent));
        if (recent.isAfter(floor)) {
            floor = recent;
        }
        if (loadedOnce && metrics != null) {
            countDifferences(result, current, metrics);
        }
        loadedOnce = true;
        return new ArrayList<>(result.values());
    }

    private static void countDifferences(Map<String, Ec2Instance> result, InventoryIndex current, EventsMetrics metrics) {
        Map<Difference, Integer> counts = new EnumMap<>(Difference.class);
        Map<String, Ec2Instance> before = new HashMap<>(current.size() * 4 / 3 + 1);
        for (Ec2Instance instance : current.instances()) {
            before.put(instance.id(), instance);
        }
        for (Ec2Instance instance : result.values()) {
            Ec2Instance old = before.remove(instance.id());
            if (old == null) {
                counts.merge(Difference.MISSING, 1, Integer::sum);
            } else if (!old.tags().equals(instance.tags())) {
                counts.merge(Difference.TAGS, 1, Integer::sum);
            }
        }
        counts.merge(Difference.EXTRA, before.size(), Integer::sum);
        counts.forEach(metrics::difference);
    }

    private static Ec2Instance withTags(Ec2Instance instance, Map<String, String> tags) {
        return new Ec2Instance(instance.id(), instance.attributes(), tags, instance.privateIpv4(), instance.ipv6(),
                instance.publicIpv4());
    }
}
