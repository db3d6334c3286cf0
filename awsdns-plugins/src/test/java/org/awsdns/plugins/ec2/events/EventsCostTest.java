package org.awsdns.plugins.ec2.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awsdns.plugins.ec2.FakeEc2;
import org.awsdns.plugins.ec2.inventory.CredentialsConfig;
import org.awsdns.plugins.ec2.inventory.Ec2Inventory;
import org.awsdns.plugins.ec2.inventory.Ec2InventoryFactory;
import org.awsdns.plugins.ec2.inventory.InventoryConfig;
import org.awsdns.testing.Await;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.Test;

/**
 * What a 5,000-instance VPC served by 3 replicas costs in EC2 calls an hour, polling every 60 s
 * versus change events (a reconcile every hour, 100 launches and 100 terminations an hour),
 * counted from the inventories' metrics in a run through the real SDK against the fake EC2 and
 * SQS endpoints. An hour cannot be waited for, so time is compressed and the counts scaled back:
 *
 * <ul>
 *   <li>polling: a full load's calls (pages) are counted from {@code ec2_api_calls{purpose=refresh}}
 *       on each replica, then times the 60 loads an hour of {@code refresh: 60s};
 *   <li>events: the reconcile runs every 20 s (standing for 1 h: the run sees one) and 15 launches
 *       and 15 terminations are played 0.65 s apart, launches 1.3 s apart (more than the 1 s batch
 *       window, as 100 an hour are 36 s apart); {@code ec2_api_calls{purpose=event}} per launch is
 *       scaled to 100 launches, terminations are checked to cost nothing, and a reconcile costs
 *       one full load's pages.
 * </ul>
 * The figures are printed; docs/inventory.md quotes them.
 */
class EventsCostTest {
    private static final int INSTANCES = 5_000;
    private static final int REPLICAS = 3;
    private static final int PLAYED = 15;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void eventsCostAFractionOfPollingForA5000InstanceVpcWith3Replicas() throws Exception {
        try (FakeEc2 ec2 = new FakeEc2(); TestPluginContext context = TestPluginContext.builder("test").systemClock().build()) {
            for (int i = 0; i < INSTANCES; i++) {
                ec2.add(FakeEc2.instance(String.format("i-%017x", i), "host-" + i,
                        "10." + (20 + i / 62500) + "." + (i / 250 % 250) + "." + (i % 250 + 1)));
            }

            // polling: what one full load costs, times the 60 loads an hour of refresh 60 s
            List<Ec2Inventory> polling = new ArrayList<>();
            for (int r = 0; r < REPLICAS; r++) {
                polling.add(inventory(context, "poll" + r, config(ec2, Duration.ofSeconds(60), null)));
            }
            Await.until("3 polling replicas loaded", WAIT, () -> polling.stream().allMatch(Ec2Inventory::isReady));
            long pollPages = 0;
            for (Ec2Inventory inventory : polling) {
                pollPages += calls(context, inventory.name(), "refresh");
            }
            polling.forEach(Ec2Inventory::close);
            double pagesPerLoad = (double) pollPages / REPLICAS;
            double pollingPerHour = pagesPerLoad * 60 * REPLICAS;

            // events: reconcile 20 s stands for 1 h
            List<FakeSqs> queues = new ArrayList<>();
            List<Ec2Inventory> events = new ArrayList<>();
            try {
                for (int r = 0; r < REPLICAS; r++) {
                    FakeSqs sqs = new FakeSqs();
                    queues.add(sqs);
                    events.add(inventory(context, "events" + r, config(ec2, null,
                            new EventsConfig(sqs.queueUrl(), Duration.ofSeconds(20), sqs.endpoint().toString()))));
                }
                Await.until("first loads", WAIT, () -> events.stream().allMatch(Ec2Inventory::isReady));
                for (int i = 0; i < PLAYED; i++) {
                    String launched = String.format("i-%017x", INSTANCES + i);
                    ec2.add(FakeEc2.instance(launched, "new-" + i, "10.99.0." + (i + 1)));
                    fanOut(queues, Events.stateChange(launched, "running", Instant.now()));
                    Thread.sleep(650);
                    String terminated = String.format("i-%017x", i);
                    ec2.put(ec2.get(terminated).withState("terminated"));
                    fanOut(queues, Events.stateChange(terminated, "terminated", Instant.now()));
                    Thread.sleep(650);
                }
                Await.until("every event applied and one reconcile done on each replica", WAIT,
                        () -> events.stream().allMatch(inventory -> applied(context, inventory.name()) == 2 * PLAYED
                                && calls(context, inventory.name(), "refresh") >= 2 * pagesOf(INSTANCES)));
                long targeted = 0;
                for (Ec2Inventory inventory : events) {
                    targeted += calls(context, inventory.name(), "event");
                    java.util.Set<String> ids = new java.util.TreeSet<>();
                    inventory.index().instances().forEach(instance -> ids.add(instance.id()));
                    java.util.Set<String> expected = new java.util.TreeSet<>();
                    for (int i = PLAYED; i < INSTANCES + PLAYED; i++) {
                        expected.add(String.format("i-%017x", i));
                    }
                    java.util.Set<String> missing = new java.util.TreeSet<>(expected);
                    missing.removeAll(ids);
                    ids.removeAll(expected);
                    assertThat(missing).as(inventory.name() + " missing").isEmpty();
                    assertThat(ids).as(inventory.name() + " extra").isEmpty();
                }
                double targetedPerLaunch = (double) targeted / (PLAYED * REPLICAS);
                // terminations: no call (ec2_api_calls{purpose=event} grew with launches only); a
                // reconcile is a full load, whose pages were counted above
                double eventsPerHour = (targetedPerLaunch * 100 + pagesPerLoad) * REPLICAS;

                System.out.printf(java.util.Locale.ROOT,
                        "EC2 calls an hour, 5,000 instances, 3 replicas: polling every 60 s %.0f (%.2f pages a load x 60 x 3);"
                                + " events %.0f (targeted %.2f calls a launch x 100 + reconcile %.2f calls x 1, x 3); ratio %.1f%n",
                        pollingPerHour, pagesPerLoad, eventsPerHour, targetedPerLaunch, pagesPerLoad,
                        pollingPerHour / eventsPerHour);
                assertThat(pagesPerLoad).isEqualTo(5.0);
                // one call per launch when launches are more than 1 s apart; on a loaded machine two
                // launches sometimes reach a replica within one batch window and share a call
                assertThat(targetedPerLaunch).as("calls a launch, terminations costing none").isBetween(0.5, 1.0);
                assertThat(eventsPerHour).isLessThan(pollingPerHour / 2);
            } finally {
                events.forEach(Ec2Inventory::close);
                queues.forEach(FakeSqs::close);
            }
        }
    }

    private static int pagesOf(int instances) {
        return (instances + 999) / 1000;
    }

    private static void fanOut(List<FakeSqs> queues, String event) {
        for (FakeSqs sqs : queues) {
            sqs.send(event); // SNS fan-out: one copy per replica's queue
        }
    }

    private static InventoryConfig config(FakeEc2 ec2, Duration refresh, EventsConfig events) {
        return new InventoryConfig(null, "us-east-1", CredentialsConfig.keys("AKIDEXAMPLE", "not-a-real-secret", null),
                ec2.endpoint().toString(), null, refresh, false, null, null, null, events);
    }

    private static Ec2Inventory inventory(TestPluginContext context, String name, InventoryConfig config) {
        Ec2Inventory inventory = new Ec2InventoryFactory(variable -> null, o -> {}).create(name, config, context);
        context.addResource(name, inventory);
        return inventory;
    }

    private static long calls(TestPluginContext context, String inventory, String purpose) {
        return context.metrics().count("ec2_api_calls", "inventory", inventory, "operation", "DescribeInstances",
                "purpose", purpose, "outcome", "success");
    }

    private static long applied(TestPluginContext context, String inventory) {
        return context.metrics().count("ec2_events_applied", "inventory", inventory, "kind", "state_change");
    }

}
