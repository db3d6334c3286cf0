package org.awsdns.plugins.ec2.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awsdns.plugins.ec2.events.EventLedger.Verdict;
import org.awsdns.plugins.ec2.inventory.Ec2Instance;
import org.awsdns.plugins.ec2.inventory.InstanceAttribute;
import org.awsdns.plugins.ec2.inventory.InventoryIndex;
import org.junit.jupiter.api.Test;

/** Ordering by the event's time, and events replayed over a full load. */
class EventLedgerTest {
    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");
    private final EventLedger ledger = new EventLedger();

    @Test
    void anOlderEventIsStaleAndTheSameEventTwiceIsADuplicate() throws Exception {
        ChangeEvent stop = EventParser.parse(Events.stateChange("i-1", "stopped", T.plusSeconds(10)));
        ChangeEvent lateRun = EventParser.parse(Events.stateChange("i-1", "running", T.plusSeconds(5)));
        ChangeEvent laterRun = EventParser.parse(Events.stateChange("i-1", "running", T.plusSeconds(20)));

        assertThat(ledger.check(stop)).isEqualTo(Verdict.APPLY);
        ledger.leaving(stop);
        ledger.applied(stop);

        assertThat(ledger.check(stop)).isEqualTo(Verdict.DUPLICATE);
        assertThat(ledger.check(lateRun)).isEqualTo(Verdict.STALE);
        assertThat(ledger.check(laterRun)).isEqualTo(Verdict.APPLY);
    }

    @Test
    void tagChangesInOneSecondAreOrderedByVersion() throws Exception {
        ChangeEvent v3 = EventParser.parse(Events.tagChange("i-1", Map.of("Name", "c"), T, 3));
        ChangeEvent v2 = EventParser.parse(Events.tagChange("i-1", Map.of("Name", "b"), T, 2));

        ledger.tagged(v3, null);

        assertThat(ledger.check(v2)).isEqualTo(Verdict.STALE);
    }

    @Test
    void aTerminationIsNeverStale() throws Exception {
        ledger.launching(EventParser.parse(Events.stateChange("i-1", "running", T.plusSeconds(60))));

        assertThat(ledger.check(EventParser.parse(Events.stateChange("i-1", "terminated", T)))).isEqualTo(Verdict.APPLY);
    }

    @Test
    void aFullLoadGetsTheRecentEventsReplayedAndOlderOnesBecomeStale() throws Exception {
        Instant started = T.plus(Duration.ofHours(1));
        ChangeEvent stopped = EventParser.parse(Events.stateChange("i-1", "stopped", started.minusSeconds(2)));
        ledger.leaving(stopped);
        ChangeEvent renamed = EventParser.parse(Events.tagChange("i-2", Map.of("Name", "new"), started.plusSeconds(1), 4));
        ledger.tagged(renamed, instance("i-2", "old"));
        ledger.launching(EventParser.parse(Events.stateChange("i-3", "running", started.plusSeconds(2))));
        ledger.fetched(List.of(instance("i-3", "launched")));
        ledger.leaving(EventParser.parse(Events.autoScaling("EC2 Instance-terminate Lifecycle Action", "i-4", "web",
                started.minus(Duration.ofMinutes(30)))));

        // the load lags: it still has i-1 running, i-2's old tags, not yet i-3, and i-4 (draining)
        List<Ec2Instance> result = ledger.reconcile(
                List.of(instance("i-1", "one"), instance("i-2", "old"), instance("i-4", "four"), instance("i-5", "five")),
                started, InventoryIndex.empty(), null);

        assertThat(result).extracting(Ec2Instance::id).containsExactlyInAnyOrder("i-2", "i-3", "i-5");
        assertThat(result).filteredOn(instance -> instance.id().equals("i-2"))
                .singleElement().satisfies(instance -> assertThat(instance.tags()).containsEntry("Name", "new"));
        assertThat(ledger.check(EventParser.parse(Events.stateChange("i-5", "stopped", T)))).isEqualTo(Verdict.STALE);
    }

    private static Ec2Instance instance(String id, String name) {
        return new Ec2Instance(id, Map.of(InstanceAttribute.ID, id), Map.of("Name", name), List.of(), List.of(), List.of());
    }
}
