package org.awsdns.server.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.awsdns.server.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDiscoveryTest {
    @TempDir
    Path work;

    @Test
    void findsClassPathFactoriesWithTheirSource() {
        PluginRegistry registry = PluginDiscovery.discover(Optional.empty());

        assertThat(registry.discovered()).containsKeys("test-static", "test-fail");
        assertThat(registry.discovered().get("test-static").source()).startsWith("class path (").contains("test-classes");
    }

    @Test
    void loadsAJarFromThePluginsDirectoryInItsOwnLoader() throws IOException {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path jar = PluginJars.factoryJar(work, "greeter", "com.example.greeter", "greeter", true);
        Files.move(jar, plugins.resolve("greeter.jar"));

        PluginRegistry registry = PluginDiscovery.discover(Optional.of(plugins));

        DiscoveredFactory greeter = registry.discovered().get("greeter");
        assertThat(greeter.source()).isEqualTo(plugins.resolve("greeter.jar").toString());
        ClassLoader loader = greeter.factory().getClass().getClassLoader();
        assertThat(loader).isNotSameAs(PluginDiscoveryTest.class.getClassLoader());
        // the jar sees the SPI but neither the server's classes nor the bundled plugins' services file
        assertThat(loader.getResource("META-INF/services/org.awsdns.core.PluginFactory").toString()).contains("greeter.jar");
        assertThatThrownBy(() -> loader.loadClass(PluginDiscovery.class.getName())).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> loader.loadClass("com.google.inject.Guice")).isInstanceOf(ClassNotFoundException.class);
        assertThat(greeter.factory().configType().getName()).isEqualTo("com.example.greeter.Factory$Config");
    }

    @Test
    void twoJarsWithOnePluginNameFailNamingBoth() throws IOException {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.move(PluginJars.factoryJar(work, "a", "com.example.a", "twin", true), plugins.resolve("a.jar"));
        Files.move(PluginJars.factoryJar(work, "b", "com.example.b", "twin", true), plugins.resolve("b.jar"));

        assertThatThrownBy(() -> PluginDiscovery.discover(Optional.of(plugins)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("two plugins are named 'twin': com.example.a.Factory from " + plugins.resolve("a.jar")
                        + " and com.example.b.Factory from " + plugins.resolve("b.jar"));
    }

    @Test
    void jarCollidingWithAClassPathPluginNamesTheClassPath() throws IOException {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.move(PluginJars.factoryJar(work, "c", "com.example.c", "test-static", true), plugins.resolve("c.jar"));

        assertThatThrownBy(() -> PluginDiscovery.discover(Optional.of(plugins)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("two plugins are named 'test-static': "
                        + "org.awsdns.server.plugin.TestStaticFactory from class path (")
                .hasMessageEndingWith(" and com.example.c.Factory from " + plugins.resolve("c.jar"));
    }

    @Test
    void jarWithoutAFactoryFails() throws IOException {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.move(PluginJars.factoryJar(work, "empty", "com.example.empty", "empty", false), plugins.resolve("empty.jar"));

        assertThatThrownBy(() -> PluginDiscovery.discover(Optional.of(plugins)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(plugins.resolve("empty.jar") + ": the jar provides no plugin: it needs a "
                        + "META-INF/services/org.awsdns.core.PluginFactory file naming its factory classes");
    }

    @Test
    void missingPluginsDirectoryFails() {
        assertThatThrownBy(() -> PluginDiscovery.discover(Optional.of(work.resolve("absent"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--plugins-dir " + work.resolve("absent") + ": not a directory");
    }
}
