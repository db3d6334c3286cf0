package org.awsdns.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLocatorTest {
    @TempDir
    Path root;

    @Test
    void looksInEnvironmentThenWorkingDirectoryThenEtcThenHome() throws IOException {
        Path cwd = Files.createDirectories(root.resolve("cwd"));
        Path home = Files.createDirectories(root.resolve("home"));
        Path etc = Files.createDirectories(root.resolve("etc"));
        Path fromEnvironment = Files.writeString(root.resolve("env.yaml"), "x");

        assertThatThrownBy(() -> locator(Map.of(), cwd, home, etc).locate(Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("no configuration file found; give one with --config FILE. Looked in: "
                        + "[$AWSDNS_CONFIG (not set), " + cwd.resolve("awsdns.yaml") + ", " + etc.resolve("awsdns.yaml")
                        + ", " + home.resolve(".awsdns.yaml") + ", " + cwd.resolve("awsdns.ini") + ", "
                        + etc.getParent().resolve("awsdns.ini") + ", " + home.resolve("awsdns.ini") + "]");

        Files.writeString(home.resolve(".awsdns.yaml"), "x");
        assertThat(locator(Map.of(), cwd, home, etc).locate(Optional.empty())).isEqualTo(home.resolve(".awsdns.yaml"));
        Files.writeString(etc.resolve("awsdns.yaml"), "x");
        assertThat(locator(Map.of(), cwd, home, etc).locate(Optional.empty())).isEqualTo(etc.resolve("awsdns.yaml"));
        Files.writeString(cwd.resolve("awsdns.yaml"), "x");
        assertThat(locator(Map.of(), cwd, home, etc).locate(Optional.empty())).isEqualTo(cwd.resolve("awsdns.yaml"));
        assertThat(locator(Map.of("AWSDNS_CONFIG", fromEnvironment.toString()), cwd, home, etc).locate(Optional.empty()))
                .isEqualTo(fromEnvironment);
        assertThat(locator(Map.of("AWSDNS_CONFIG", fromEnvironment.toString()), cwd, home, etc)
                        .locate(Optional.of(Path.of("given.yaml"))))
                .isEqualTo(cwd.resolve("given.yaml"));
    }

    private static ConfigLocator locator(Map<String, String> environment, Path cwd, Path home, Path etc) {
        return new ConfigLocator(environment, cwd, home, etc);
    }
}
