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
import org.awsdns.core.ResourceFactory;
import org.awsdns.server.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugin and shared-resource factories with {@link ServiceLoader}: on the server's class
 * path, and in every {@code *.jar} of a plugins folder, each jar in its own class loader that
 * sees only the SPI.
 */
public final class PluginDiscovery {
    private static final Logger log = LoggerFactory.getLogger(PluginDiscovery.class);

    private PluginDiscovery() {}

    /** Discovers every factory and checks that names are unique. */
    public static PluginRegistry discover(Optional<Path> pluginsDirectory) {
        ClassLoader server = PluginDiscovery.class.getClassLoader();
        Found found = load(server, source -> "class path (" + source + ")");
        if (pluginsDirectory.isPresent()) {
            for (Path jar : jars(pluginsDirectory.get())) {
                found.addAll(fromJar(jar, server));
            }
        }
        PluginRegistry registry = PluginRegistry.of(found.plugins, found.resources);
        for (DiscoveredFactory factory : registry.discovered().values()) {
            log.info("registered plugin {} from {}", factory.name(), factory.source());
        }
        for (DiscoveredResourceFactory factory : registry.discoveredResources().values()) {
            log.info("registered resource section {} from {}", factory.section(), factory.source());
        }
        return registry;
    }

    static List<DiscoveredFactory> fromClassPath(ClassLoader loader) {
        return load(loader, source -> "class path (" + source + ")").plugins;
    }

    static List<DiscoveredFactory> fromDirectory(Path directory, ClassLoader server) {
        List<DiscoveredFactory> plugins = new ArrayList<>();
        for (Path jar : jars(directory)) {
            plugins.addAll(fromJar(jar, server).plugins);
        }
        return plugins;
    }

    private static List<Path> jars(Path directory) {
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
        return jars;
    }

    private static Found fromJar(Path jar, ClassLoader server) {
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new ConfigException(jar + ": bad plugin jar path", e);
        }
        // never closed: the plugin's classes are used for the life of the process
        URLClassLoader loader = new URLClassLoader("plugin " + jar.getFileName(), new URL[] {url}, new SpiClassLoader(server));
        Found found;
        try {
            found = load(loader, source -> jar.toString());
        } catch (ConfigException e) {
            throw new ConfigException(jar + ": cannot load its plugin: " + e.getCause().getMessage(), e.getCause());
        }
        if (found.plugins.isEmpty() && found.resources.isEmpty()) {
            throw new ConfigException(jar + ": the jar provides no plugin: it needs a "
                    + "META-INF/services/org.awsdns.core.PluginFactory file naming its factory classes");
        }
        return found;
    }

    /** Plugin and resource factories visible to {@code loader}, each named by its source. */
    private static Found load(ClassLoader loader, java.util.function.Function<String, String> sourceName) {
        Found found = new Found();
        try {
            for (PluginFactory<?> factory : ServiceLoader.load(PluginFactory.class, loader)) {
                found.plugins.add(new DiscoveredFactory(factory, sourceName.apply(codeSource(factory.getClass()))));
            }
            for (ResourceFactory<?, ?> factory : ServiceLoader.load(ResourceFactory.class, loader)) {
                found.resources.add(new DiscoveredResourceFactory(factory, sourceName.apply(codeSource(factory.getClass()))));
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new ConfigException("cannot load a plugin: " + e.getMessage(), e);
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

    /** What one class loader provides. */
    private static final class Found {
        final List<DiscoveredFactory> plugins = new ArrayList<>();
        final List<DiscoveredResourceFactory> resources = new ArrayList<>();

        void addAll(Found other) {
            plugins.addAll(other.plugins);
            resources.addAll(other.resources);
        }
    }
}
