package org.awsdns.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/appcds.sh}, as docs/operations.md tells users to run it: it makes a class data
 * archive the JVM maps for the jar ({@code -Xshare:on} fails when it cannot), and an archive
 * that no longer matches the jar costs only the archive, never the start.
 */
class AppCdsScriptIT {
    private static final Path ROOT = Path.of(System.getProperty("awsdns.root"));
    private static final String JAVA_HOME = System.getProperty("java.home");

    @TempDir
    Path work;

    @Test
    void makesAnArchiveTheJvmMapsAndOneThatNoLongerMatchesIsOnlyIgnored() throws Exception {
        Path archive = work.resolve("awsdns.jsa");
        Result made = run(List.of(ROOT.resolve("scripts/appcds.sh").toString(), ServerProcess.jar().toString(),
                archive.toString()));
        assertThat(made.exit()).as(made.output()).isZero();
        assertThat(archive).isNotEmptyFile();
        assertThat(made.output()).contains("-XX:SharedArchiveFile=" + archive);

        Result mapped = run(List.of(JAVA_HOME + "/bin/java", "-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                "-Xlog:cds=info", "-jar", ServerProcess.jar().toString(), "--version"));
        assertThat(mapped.exit()).as(mapped.output()).isZero();
        assertThat(mapped.output()).contains("Opened archive " + archive).contains("awsdns ");

        // another jar (here: the same bytes, another time) does not match: a warning, then the start
        Path other = Files.copy(ServerProcess.jar(), work.resolve("awsdns.jar"));
        Files.setLastModifiedTime(other, FileTime.fromMillis(Files.getLastModifiedTime(other).toMillis() - 60_000));
        Result stale = run(List.of(JAVA_HOME + "/bin/java", "-XX:SharedArchiveFile=" + archive, "-jar",
                other.toString(), "--version"));
        assertThat(stale.exit()).as(stale.output()).isZero();
        assertThat(stale.output()).contains("Unable to use shared archive").contains("awsdns ");
    }

    private record Result(int exit, String output) {}

    private Result run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(work, "out", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("JAVA_HOME", JAVA_HOME);
        builder.environment().put("APPCDS_PORT", Integer.toString(ServerProcess.freePort()));
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end in 90 s: " + Files.readString(output));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
