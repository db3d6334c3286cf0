package org.awsdns.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check}, {@code plugins} and {@code convert} of the packaged jar print what was asked and
 * nothing else: no log line on stdout or stderr (logging at INFO belongs to {@code serve}), and
 * a refused chain is one line on stderr.
 */
class QuietCommandsIT {
    private static final Path EXAMPLES = Path.of(System.getProperty("awsdns.root"), "examples");

    @TempDir
    Path work;

    @Test
    void checkPrintsTheChainsAndNothingElse() throws Exception {
        Run run = awsdns("check", "--config", EXAMPLES.resolve("ancestor-chain.yaml").toString());

        assertThat(run.stderr()).isEmpty();
        assertThat(run.code()).isZero();
        assertThat(run.stdout()).startsWith("config: ").endsWith("configuration OK\n").doesNotContain("INFO");
    }

    @Test
    void pluginsPrintsOneLinePerPluginAndNothingElse() throws Exception {
        Run run = awsdns("plugins");

        assertThat(run.stderr()).isEmpty();
        assertThat(run.code()).isZero();
        assertThat(run.stdout().lines().toList()).hasSize(11).allSatisfy(line -> assertThat(line.split("\t")).hasSize(3));
    }

    @Test
    void convertPrintsTheYamlAndNothingElse() throws Exception {
        Path ini = Files.writeString(work.resolve("awsdns.ini"), """
                [awsdns]
                dns_server = 10.0.0.2
                aws_region = us-east-1
                forward = tag:Name
                """);

        Run run = awsdns("convert", ini.toString());

        assertThat(run.stderr()).isEmpty();
        assertThat(run.code()).isZero();
        assertThat(run.stdout()).contains("servers:", "ec2-forward").doesNotContain("INFO");
    }

    @Test
    void aChainInAnOrderThatCannotWorkIsOneLineOnStderr() throws Exception {
        Path config = Files.writeString(work.resolve("awsdns.yaml"), Files.readString(EXAMPLES.resolve("ancestor-chain.yaml"))
                .replace("      - txt-extra: {inventory: vpc, extra: [\"tag:Class\", id, key_name]}\n", "")
                .replace("      - ec2-forward:", "      - txt-extra: {inventory: vpc, extra: [\"tag:Class\", id, key_name]}\n"
                        + "      - ec2-forward:"));

        Run run = awsdns("check", "--config", config.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).isEqualTo(config + ":25:9: servers[0].plugins[4]: txt-extra must come after ec2-forward "
                + "(servers[0].plugins[5]); an order that works: acl, any, cache, forward, ec2-forward, ec2-reverse, "
                + "txt-extra, soa\n");
    }

    private record Run(int code, String stdout, String stderr) {}

    private Run awsdns(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", ServerProcess.jar().toString()));
        command.addAll(List.of(args));
        Path stdout = work.resolve("stdout");
        Path stderr = work.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("awsdns " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
