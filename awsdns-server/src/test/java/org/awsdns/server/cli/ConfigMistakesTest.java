package org.awsdns.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.awsdns.server.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chains and keys that cannot work, refused by {@code awsdns check --config FILE} (the command
 * line, in-process) with the file, line and what would work.
 */
class ConfigMistakesTest {
    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void txtExtraBeforeTheEc2PluginsNamesTheEntryAndAnOrderThatWorks() throws IOException {
        Path config = write("""
                inventories:
                  vpc: {file: instances.json}
                servers:
                  - listen: ["127.0.0.1:5353"]
                    plugins:
                      - cache
                      - txt-extra: {inventory: vpc, extra: [id]}
                      - ec2-forward: {inventory: vpc, zone: .}
                      - ec2-reverse: {inventory: vpc, zone: .}
                      - soa: {zone: ., mname: ns.example., rname: hostmaster.example.}
                """);

        assertThat(check(config)).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo(config + ":7:9: servers[0].plugins[1]: txt-extra must come after ec2-forward "
                + "(servers[0].plugins[2]); an order that works: cache, ec2-forward, ec2-reverse, txt-extra, soa\n");
    }

    @Test
    void serveRefusesTheSameChainBeforeListening() {
        assertThatThrownBy(() -> AwsdnsServer.fromYaml("""
                inventories:
                  vpc: {file: instances.json}
                servers:
                  - listen: ["127.0.0.1:0"]
                    plugins:
                      - txt-extra: {inventory: vpc, extra: [id]}
                      - ec2-forward: {inventory: vpc, zone: .}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<yaml>:6:9: servers[0].plugins[0]: txt-extra must come after ec2-forward "
                        + "(servers[0].plugins[1]); an order that works: ec2-forward, txt-extra");
    }

    @Test
    void cacheAfterForwardAndAclAfterCacheAreRefusedToo() throws IOException {
        Path cacheLate = write("""
                servers:
                  - listen: ["127.0.0.1:5353"]
                    plugins:
                      - forward: {to: ["10.0.0.2"]}
                      - cache
                """);
        assertThat(check(cacheLate)).isEqualTo(1);
        assertThat(err()).isEqualTo(cacheLate + ":5:9: servers[0].plugins[1]: cache must come before forward "
                + "(servers[0].plugins[0]); an order that works: cache, forward\n");

        Path aclLate = write("""
                servers:
                  - listen: ["127.0.0.1:5353"]
                    plugins:
                      - log
                      - cache
                      - acl: [{allow: {net: [10.0.0.0/16]}}, {drop: }]
                      - forward: {to: ["10.0.0.2"]}
                """);
        assertThat(check(aclLate)).isEqualTo(1);
        assertThat(err()).isEqualTo(aclLate + ":6:9: servers[0].plugins[2]: acl must come before cache "
                + "(servers[0].plugins[1]); an order that works: log, acl, cache, forward\n");
    }

    @Test
    void anUnknownKeyIsReportedBeforeTheRequiredKeyItLeftMissing() throws IOException {
        Path config = write("""
                servers:
                  - listen: ["127.0.0.1:5353"]
                    plugins:
                      - hosts: {entries_typo: ["10.0.0.1 a.test"]}
                """);

        assertThat(check(config)).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo(config + ":4:17: servers[0].plugins[0].hosts: unknown key 'entries_typo' "
                + "(did you mean 'entries'?); known keys: [entries, file, reload, ttl]\n");
    }

    @Test
    void anUnknownKeyIsReportedBeforeAnyOtherMistakeOfItsPlugin() throws IOException {
        Path config = write("""
                inventories:
                  vpc: {file: instances.json}
                servers:
                  - listen: ["127.0.0.1:5353"]
                    plugins:
                      - ec2-forward: {inventory: vpc, zoen: ., ttl: -5}
                      - cache: {prefetch: {hist: 3}}
                """);

        assertThat(check(config)).isEqualTo(1);
        assertThat(err()).isEqualTo(config + ":6:39: servers[0].plugins[0].ec2-forward: unknown key 'zoen' "
                + "(did you mean 'zone'?); known keys: [address, inventory, key, ttl, zone]\n");

        Files.writeString(config, Files.readString(config).replace("zoen: ., ttl: -5", "zone: ."));
        assertThat(check(config)).isEqualTo(1);
        assertThat(err()).isEqualTo(config + ":7:28: servers[0].plugins[1].cache.prefetch: unknown key 'hist' "
                + "(did you mean 'hits'?); known keys: [before, hits]\n");
    }

    @Test
    void theShippedExamplesStillCheck() throws IOException {
        Path examples = Path.of(System.getProperty("awsdns.root"), "examples");
        for (String example : new String[] {"ancestor-chain.yaml", "demo.yaml", "single-vpc.yaml", "multi-vpc.yaml"}) {
            int code = Main.run(new String[] {"check", "--config", examples.resolve(example).toString()}, stream(out),
                    stream(err), Map.of(), directory, directory);
            assertThat(code).as(example + ": " + err()).isZero();
            out.reset();
            err.reset();
        }
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(directory, "awsdns", ".yaml"), yaml);
    }

    private int check(Path config) {
        out.reset();
        err.reset();
        return Main.run(new String[] {"check", "--config", config.toString()}, stream(out), stream(err), Map.of(),
                directory, directory);
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
