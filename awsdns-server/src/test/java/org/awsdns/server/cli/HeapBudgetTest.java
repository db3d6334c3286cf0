package org.awsdns.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awsdns.core.HeapUse;
import org.awsdns.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up heap check: the caches' max_bytes and the inventories' estimates against -Xmx. */
class HeapBudgetTest {

    @Test
    void warnsNamingTheNumbersWhenCachesAndInventoriesDoNotFitTheHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("instances.json");
        StringBuilder json = new StringBuilder("{\"Reservations\":[{\"Instances\":[");
        for (int i = 1; i <= 1000; i++) {
            json.append(i > 1 ? "," : "").append(String.format(
                    "{\"InstanceId\":\"i-%05d\",\"PrivateIpAddress\":\"10.0.%d.%d\",\"State\":{\"Name\":\"running\"},"
                            + "\"Tags\":[{\"Key\":\"Name\",\"Value\":\"h%d\"}]}", i, i >> 8, i & 255, i));
        }
        Files.writeString(file, json.append("]}]}"));
        try (AwsdnsServer server = AwsdnsServer.fromYaml("""
                inventories:
                  prod: {file: "%s"}
                servers:
                  - listen: ["127.0.0.1:0"]
                    zones: ["prod.internal."]
                    plugins:
                      - cache: {capacity: 200000, max_bytes: 150MiB}
                      - ec2-forward: {inventory: prod, zone: prod.internal.}
                """.formatted(file))) {
            TestServer.awaitReady(server, Duration.ofSeconds(30));
            List<HeapUse> users = HeapBudget.users(server.blocks(), server.resources());
            assertThat(users).extracting(HeapUse::heapUse)
                    .containsExactlyInAnyOrder("cache max_bytes", "inventory prod (1000 instances)");

            assertThat(HeapBudget.check(users, 180L << 20)).hasValueSatisfying(warning -> assertThat(warning)
                    .contains("151.0 MiB", "cache max_bytes 150.0 MiB", "inventory prod (1000 instances) 1.0 MiB",
                            "80% of the max heap 180.0 MiB"));
            assertThat(HeapBudget.check(users, 512L << 20)).isEmpty();
        }
    }
}
