package org.awsdns.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void checkPrintsEachBlocksChainForAGoodFile() throws IOException {
        Path config = Files.writeString(directory.resolve("awsdns.yaml"), """
                servers:
                  - listen: ["127.0.0.1:5353"]
                    zones: [demo.internal.]
                    clients: ["10.0.0.0/16"]
                    plugins:
                      - test-fail
                      - test-static:
                          name: web
                          refresh: 90s
                """);

        int code = run("check", "--config", config.toString(), "--set", "servers[0].plugins.test-static.ttl=60");

        assertThat(err()).isEmpty();
        assertThat(code).isZero();
        assertThat(out()).isEqualTo("""
                config: %s
                transport: {"edns_udp_size":1232,"udp_threads":%d,"tcp_idle_timeout":"10s","max_tcp_connections":1024,\
                "max_tcp_connections_per_client":64,"ipv6_client_prefix":80,"max_tcp_pipelined":100,"query_timeout":"10s","shutdown_grace":"5s","io":"auto"}
                servers[0]:
                  listen: [127.0.0.1:5353]
                  zones: [demo.internal.]
                  clients: [10.0.0.0/16]
                  plugins:
                    1. test-fail {"fail":false}
                    2. test-static {"name":"web","address":null,"ttl":60,"refresh":"90s"}
                configuration OK
                """.formatted(config, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void checkFindsTheFileInTheWorkingDirectoryAndTakesOptionsBeforeTheSubcommand() throws IOException {
        Files.writeString(directory.resolve("awsdns.yaml"), """
                servers:
                  - listen: ["127.0.0.1:5353"]
                    plugins: [test-static]
                """);

        int code = run("--listen", "[::1]:53", "check");

        assertThat(code).isZero();
        assertThat(out()).contains("listen: [[::1]:53]", "configuration OK");
    }

    @Test
    void checkReportsABadFileWithExitCodeOne() throws IOException {
        Path config = Files.writeString(directory.resolve("bad.yaml"), """
                servers:
                  - listen: ["127.0.0.1:5353"]
                    plugins:
                      - test-statik
                """);

        int code = run("check", "--config", config.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo(config + ":4:9: servers[0].plugins[0]: unknown plugin 'test-statik'; "
                + "known plugins: [acl, any, cache, ec2-forward, ec2-reverse, file, forward, hosts, log, soa, test-address-book, test-fail, test-model-path, test-static, txt-extra]\n");
    }

    @Test
    void missingConfigIsAConfigError() {
        int code = run("check");

        assertThat(code).isEqualTo(1);
        assertThat(err()).startsWith("no configuration file found; give one with --config FILE. Looked in: ");
    }

    @Test
    void pluginsListsTheAvailablePlugins() {
        int code = run("plugins");

        assertThat(code).isZero();
        assertThat(out().lines()).anySatisfy(line -> assertThat(line)
                .startsWith("test-static\tanswers nothing, for tests\tclass path ("));
        assertThat(out().lines()).anySatisfy(line -> assertThat(line).startsWith("test-fail\t\tclass path ("));
    }

    @Test
    void versionAndUsageErrors() {
        assertThat(run("--version")).isZero();
        assertThat(out()).isEqualTo("awsdns dev\n");

        assertThat(run("check", "--no-such-option")).isEqualTo(2);
        assertThat(err()).contains("Unknown option: '--no-such-option'");

        assertThat(run("--log-level", "loud", "check")).isEqualTo(2);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), directory, directory);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
