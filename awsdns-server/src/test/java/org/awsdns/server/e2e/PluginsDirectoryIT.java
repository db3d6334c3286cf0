package org.awsdns.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example third-party plugins, each built by its own Maven project against awsdns-core (and
 * tested with awsdns-testing) alone, are dropped in one plugins directory and answer through the
 * packaged server: whoami, and split-horizon with its shared {@code networks:} resource.
 */
class PluginsDirectoryIT {
    @TempDir
    Path work;

    @Test
    void loadsTheExamplePluginsFromThePluginsDirectoryAndAnswersWithThem() throws Exception {
        Path exampleJar = Path.of(System.getProperty("awsdns.example.plugin"));
        Path splitHorizonJar = Path.of(System.getProperty("awsdns.example.split-horizon"));
        assertThat(exampleJar).as("the example plugin's jar, built by the reactor before the server").exists();
        assertThat(splitHorizonJar).as("the split-horizon example's jar, built by the reactor before the server").exists();
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(exampleJar, plugins.resolve(exampleJar.getFileName()));
        Files.copy(splitHorizonJar, plugins.resolve(splitHorizonJar.getFileName()));
        Files.writeString(work.resolve("offices.txt"), "127.0.0.2/32 office\n");
        Path config = work.resolve("awsdns.yaml");
        Files.writeString(config, """
                networks:
                  offices: {file: offices.txt}
                servers:
                  - listen: ["127.0.0.1:5353"]
                    zones: ["awsdns.", "demo.internal.", "example.com."]
                    plugins:
                      - whoami: {name: "whoami.awsdns."}
                      - split-horizon:
                          networks: offices
                          names:
                            intranet.example.com: {office: 10.1.0.10, default: 203.0.113.10}
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

            DigResult fromOffice = Dig.query(server.port(), "intranet.example.com", "A", "-b", "127.0.0.2");
            DigResult fromElsewhere = Dig.query(server.port(), "intranet.example.com", "A", "-b", "127.0.0.1");
            assertThat(fromOffice.status()).isEqualTo("NOERROR");
            assertThat(fromOffice.answer()).containsExactly("intranet.example.com. 60 IN A 10.1.0.10");
            assertThat(fromElsewhere.answer()).containsExactly("intranet.example.com. 60 IN A 203.0.113.10");
            assertThat(server.output()).contains("split-horizon").contains(splitHorizonJar.getFileName().toString());
        }
    }
}
