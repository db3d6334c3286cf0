package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.cli.Main;
import org.awsdns.server.config.ConfigException;
import org.awsdns.server.plugin.TestAddressBookFactory;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Top-level sections of shared resources (as EC2 inventories use): bound, created, shared, closed. */
class SharedResourcesTest {
    private static final String CONFIG = """
            address_books:
              office: {address: 10.9.0.1, secret_key: hunter2}
              lab: {address: 10.9.0.2, ready: false}
            servers:
              - listen: ["127.0.0.1:0"]
                plugins:
                  - test-address-book: {book: lab}
            """;

    @Test
    void pluginsAnswerFromASharedResourceWhichIsClosedWithTheServer() throws Exception {
        int closedBefore = TestAddressBookFactory.CLOSED.get();
        try (AwsdnsServer server = AwsdnsServer.fromYaml(CONFIG)) {
            Message reply = DnsClient.to(server.boundAddresses().get(0)).udp(Queries.message("anything.test.", Type.A));

            assertThat(reply.getSection(Section.ANSWER)).containsExactly(ServerFromYamlTest.a("anything.test.", "10.9.0.2", 60));
            assertThat(server.resources().notReady()).containsExactly("address_books.lab: loading");
        }
        assertThat(TestAddressBookFactory.CLOSED.get() - closedBefore).isEqualTo(2);
    }

    @Test
    void aPluginNamingAnUnknownResourceFailsTheStartListingTheKnownOnes() {
        assertThatThrownBy(() -> AwsdnsServer.fromYaml(CONFIG.replace("{book: lab}", "{book: garage}")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<yaml>:7:9: servers[0].plugins[0]: plugin 'test-address-book' failed to start: "
                        + "unknown address book 'garage'; known: [lab, office]");
    }

    @Test
    void resourceSettingsAreCheckedWithTheirLine() {
        assertThatThrownBy(() -> AwsdnsServer.fromYaml(CONFIG.replace("ready: false", "ready: false, colour: red")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("<yaml>:3:42: address_books.lab: unknown key 'colour'; known keys: [address, ready, secret_key]");
    }

    @Test
    void anUnknownTopLevelKeyListsTheSections() {
        assertThatThrownBy(() -> AwsdnsServer.fromYaml("adress_books: {}\n" + CONFIG))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<yaml>:1:1: unknown key 'adress_books' (did you mean 'address_books'?); known keys: [address_books, gates, health, inventories, metrics, reload, servers, transport]");
    }

    @Test
    void checkPrintsResourcesWithoutTheirSecrets(@TempDir Path work) throws Exception {
        Path config = work.resolve("awsdns.yaml");
        Files.writeString(config, CONFIG);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Main.run(new String[] {"check", "--config", config.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("address_books.office: {\"address\":\"10.9.0.1\",\"secret_key\":\"****\",\"ready\":true}");
        assertThat(printed).doesNotContain("hunter2");
    }
}
