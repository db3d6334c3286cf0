package org.awsdns.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awsdns.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged server reloads its config file on SIGHUP, serves /health and /metrics, and stops on SIGTERM. */
class ReloadIT {
    private static final String CONFIG = """
            metrics: {listen: "127.0.0.1:%1$d"}
            health: {listen: "127.0.0.1:%1$d"}
            servers:
              - listen: ["127.0.0.1:5353"]
                plugins:
                  - hosts: {entries: ["%2$s web.reload.test"]}
            """;

    @TempDir
    Path work;

    @Test
    void sighupReloadsTheConfigFile() throws Exception {
        int httpPort = ServerProcess.freePort();
        Path config = work.resolve("awsdns.yaml");
        Files.writeString(config, CONFIG.formatted(httpPort, "10.1.1.1"));
        try (ServerProcess server = ServerProcess.start(work, "--config", config.toString())) {
            server.awaitAnswering("web.reload.test");
            assertThat(Dig.query(server.port(), "web.reload.test", "A").answer())
                    .containsExactly("web.reload.test. 3600 IN A 10.1.1.1");
            assertThat(get(httpPort, "/health").statusCode()).isEqualTo(200);
            assertThat(get(httpPort, "/ready").body()).isEqualTo("ready\n");

            // a test run under nohup hands its servers SIGHUP ignored, which no JVM can undo:
            // the server says so, and this test has nothing to check then
            assumeFalse(server.output().contains("SIGHUP is ignored by this process"),
                    "SIGHUP is ignored in this environment (run under nohup?)");
            Files.writeString(config, CONFIG.formatted(httpPort, "10.2.2.2"));
            server.hangup();

            Await.untilAsserted(Duration.ofSeconds(20), () -> assertThat(Dig.query(server.port(), "web.reload.test", "A").answer())
                    .containsExactly("web.reload.test. 3600 IN A 10.2.2.2"));
            // logged once the old chain is closed, a moment after the new one serves
            Await.untilAsserted(Duration.ofSeconds(20), () -> assertThat(server.output()).contains("configuration reloaded"));
            assertThat(get(httpPort, "/metrics").body())
                    .contains("awsdns_reloads_total{outcome=\"success\"} 1.0");

            int exitCode = server.terminate(Duration.ofSeconds(15));
            assertThat(exitCode).isIn(0, 143);
            assertThat(server.output()).containsIgnoringCase("stopped");
        }
    }

    @Test
    void underNohupTheServerSaysThatSighupWillNotReload() throws Exception {
        Path config = work.resolve("awsdns.yaml");
        Files.writeString(config, CONFIG.formatted(ServerProcess.freePort(), "10.1.1.1"));
        try (ServerProcess server = ServerProcess.startThrough(List.of("nohup"), work, "--config", config.toString())) {
            server.awaitAnswering("web.reload.test");

            assertThat(server.output()).contains("SIGHUP is ignored by this process (started with nohup");
            Files.writeString(config, CONFIG.formatted(ServerProcess.freePort(), "10.2.2.2"));
            server.hangup();
            Thread.sleep(500); // a reload would be logged within this; a SIGHUP that ended the JVM too
            assertThat(Dig.query(server.port(), "web.reload.test", "A").answer())
                    .as("the signal neither reloads nor stops it").containsExactly("web.reload.test. 3600 IN A 10.1.1.1");
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
