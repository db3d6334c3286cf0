package org.awsdns.server.plugin;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.awsdns.core.PluginFactory;
import org.awsdns.server.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugin factories with {@link ServiceLoader}: on the server's class path, and in every
 * {@code *.jar} of a plugins folder, each jar in its own class loader that sees only the SPI.
 */
public final class PluginDiscovery {
    private static final Logger log = LoggerFactory.getLogger(PluginDiscovery.class);

    private PluginDiscovery() {}

    /** Discovers every factory and checks that names are unique. */
    public static PluginRegistry discover(Optional<Path> pluginsDirectory) {
        ClassLoader server = PluginDiscovery.class.getClassLoader();
        List<DiscoveredFactory> discovered = new ArrayList<>(fromClassPath(server));
        if (pluginsDirectory.isPresent()) {
            discovered.addAll(fromDirectory(pluginsDirectory.get(), server));
        }
        PluginRegistry registry = PluginRegistry.of(discovered);
        for (DiscoveredFactory factory : registry.discovered().values()) {
            log.info("registered plugin {} from {}", factory.name(), factory.source());
        }
        return registry;
    }

    static List<DiscoveredFactory> fromClassPath(ClassLoader loader) {
        List<DiscoveredFactory> found = new ArrayList<>();
        try {
            for (PluginFactory<?> factory : ServiceLoader.load(PluginFactory.class, loader)) {
                found.add(new DiscoveredFactory(factory, "class path (" + codeSource(factory.getClass()) + ")"));
            }
        } catch (ServiceConfigurationError e) {
            throw new ConfigException("cannot load a plugin from the class path: " + e.getMessage(), e);
        }
        return found;
    }

    static List<DiscoveredFactory> fromDirectory(Path directory, ClassLoader server) {
        if (!Files.isDirectory(directory)) {
            throw new ConfigException("--plugins-dir " + directory + ": not a directory");
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.jar")) {
            stream.forEach(jars::add);
        } catch (IOException e) {
            throw new ConfigException("--plugins-dir " + directory + ": cannot list: " + e.getMessage(), e);
        }
        jars.sort(null);
        SpiClassLoader spi = new SpiClassLoader(server);
        List<DiscoveredFactory> found = new ArrayList<>();
        for (Path jar : jars) {
            found.addAll(fromJar(jar, spi));
        }
        return found;
    }

    private static List<DiscoveredFactory> fromJar(Path jar, ClassLoader spi) {
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new ConfigException(jar + ": bad plugin jar path", e);
        }
        // never closed: the plugin's classes are used for the life of the process
        URLClassLoader loader = new URLClassLoader("plugin " + jar.getFileName(), new URL[] {url}, spi);
        List<DiscoveredFactory> found = new ArrayList<>();
        try {
            for (PluginFactory<?> factory : ServiceLoader.load(PluginFactory.class, loader)) {
                found.add(new DiscoveredFactory(factory, jar.toString()));
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new ConfigException(jar + ": cannot load its plugin: " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new ConfigException(jar + ": the jar provides no plugin: it needs a "
                    + "META-INF/services/org.awsdns.core.PluginFactory file naming its factory classes");
        }
        return found;
    }

    private static String codeSource(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "unknown";
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return source.getLocation().toString();
        }
    }
}
