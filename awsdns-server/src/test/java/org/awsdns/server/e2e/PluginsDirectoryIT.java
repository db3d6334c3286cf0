package org.awsdns.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example third-party plugin, built by its own Maven project against awsdns-core alone, is
 * dropped in a plugins directory and answers through the packaged server.
 */
class PluginsDirectoryIT {
    @TempDir
    Path work;

    @Test
    void loadsTheExamplePluginFromThePluginsDirectoryAndAnswersWithIt() throws Exception {
        Path exampleJar = Path.of(System.getProperty("awsdns.example.plugin"));
        assertThat(exampleJar).as("the example plugin's jar, built by the reactor before the server").exists();
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(exampleJar, plugins.resolve(exampleJar.getFileName()));
        Path config = work.resolve("awsdns.yaml");
        Files.writeString(config, """
                servers:
                  - listen: ["127.0.0.1:5353"]
                    zones: ["awsdns.", "demo.internal."]
                    plugins:
                      - whoami: {name: "whoami.awsdns."}
                      - hosts: {entries: ["10.0.0.1 probe.demo.internal"]}
                """);

        try (ServerProcess server = ServerProcess.start(work, "--config", config.toString(), "--plugins-dir", plugins.toString())) {
            server.awaitAnswering("probe.demo.internal");

            DigResult udp = Dig.query(server.port(), "whoami.awsdns", "TXT");
            DigResult tcp = Dig.query(server.port(), "whoami.awsdns", "TXT", "+tcp");

            assertThat(udp.status()).isEqualTo("NOERROR");
            assertThat(udp.answer()).singleElement().asString()
                    .startsWith("whoami.awsdns. 0 IN TXT")
                    .contains("\"client=127.0.0.1\"", "\"transport=udp\"");
            assertThat(tcp.answer()).singleElement().asString().contains("\"transport=tcp\"");
            assertThat(server.output()).contains("whoami").contains(exampleJar.getFileName().toString());
        }
    }
}
