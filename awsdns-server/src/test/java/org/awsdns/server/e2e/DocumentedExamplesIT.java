package org.awsdns.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every YAML example in the README, in {@code docs/} and in {@code examples/} is a configuration
 * the server accepts: each goes through {@code awsdns check}, which touches no network.
 */
class DocumentedExamplesIT {
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final Path ROOT = Path.of(System.getProperty("awsdns.root"));

    @TempDir
    static Path work;

    /**
     * The files the examples name, beside them: check creates every plugin as serve does, so a
     * plugin that reads its file at start (file, hosts) needs it to exist.
     */
    @org.junit.jupiter.api.BeforeAll
    static void filesTheExamplesName() throws IOException, InterruptedException {
        Files.writeString(work.resolve("db.demo.internal"), """
                $ORIGIN demo.internal.
                @ 3600 IN SOA ns hostmaster 1 3600 900 86400 60
                @ 3600 IN NS ns
                ns 3600 IN A 10.0.0.53
                db 300 IN A 10.0.0.10
                """);
        // the certificate of the DNS over TLS and HTTPS example (tls/cert.pem, tls/key.pem)
        org.awsdns.server.tls.TestCertificates made =
                org.awsdns.server.tls.TestCertificates.create(Files.createDirectories(work.resolve("tls")), "docs");
        Files.move(made.cert(), work.resolve("tls/cert.pem"));
        Files.move(made.key(), work.resolve("tls/key.pem"));
    }

    @TestFactory
    Stream<DynamicTest> everyYamlExampleInTheDocsPassesCheck() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : markdownPages()) {
            Matcher matcher = YAML_BLOCK.matcher(Files.readString(page));
            int index = 0;
            while (matcher.find()) {
                String yaml = matcher.group(1);
                String name = ROOT.relativize(page) + " example " + (++index);
                tests.add(DynamicTest.dynamicTest(name, () -> assertChecks(yaml, name)));
            }
        }
        assertThat(tests).as("YAML examples found in the docs").hasSizeGreaterThanOrEqualTo(3);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyExampleConfigPassesCheck() throws IOException {
        List<Path> configs;
        try (Stream<Path> files = Files.list(ROOT.resolve("examples"))) {
            configs = files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(configs).isNotEmpty();
        return configs.stream().map(config -> DynamicTest.dynamicTest(
                ROOT.relativize(config).toString(), () -> assertChecks(Files.readString(config), config.toString())));
    }

    @Test
    void checkRejectsABrokenExample() throws Exception {
        CheckRun run = check("servers:\n  - listen: [\"127.0.0.1:5353\"]\n    plugins:\n      - hosts: {entries: [\"10.0.0.1 a.test\"], tll: 5}\n");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains(":4:").contains("tll").contains("ttl");
    }

    private static void assertChecks(String yaml, String name) throws Exception {
        CheckRun run = check(yaml);
        assertThat(run.exitCode()).as(name + " failed `awsdns check`:\n" + run.output()).isZero();
    }

    /** {@code awsdns check --config FILE}, run in-process (a JVM per example would cost a second each). */
    private static CheckRun check(String yaml) throws Exception {
        Path config = Files.createTempFile(work, "example", ".yaml");
        Files.writeString(config, yaml);
        java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();
        java.io.PrintStream printer = new java.io.PrintStream(output, true, StandardCharsets.UTF_8);
        int exitCode = org.awsdns.server.cli.Main.run(new String[] {"check", "--config", config.toString()},
                printer, printer, java.util.Map.of(), ROOT, ROOT);
        return new CheckRun(exitCode, output.toString(StandardCharsets.UTF_8));
    }

    private static List<Path> markdownPages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private record CheckRun(int exitCode, String output) {}
}
