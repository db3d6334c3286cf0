package org.awsdns.server.plugin;

import static java.util.Objects.requireNonNull;

import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of every plugin jar's class loader: it shows the JDK and the packages plugins
 * compile against (the SPI, dnsjava, SLF4J, Jackson's annotations) from the server's loader, and
 * nothing else. Its resources are hidden, so a plugin jar's {@code ServiceLoader} sees only its
 * own {@code META-INF/services}.
 *
 * <p>Jackson's annotations ({@code com.fasterxml.jackson.annotation}: {@code @JsonProperty},
 * {@code @JsonCreator}, {@code @JsonValue}, {@code @JsonAlias}, ...) are exported as Trino exports
 * them: the server binds a plugin's config with its own Jackson, which recognises an annotation
 * only if it is the very class it knows. A copy bundled in the plugin's jar would be silently
 * ignored. Jackson's databind (custom deserializers) is not exported: a plugin's config is a
 * record bound from plain YAML, validated in its constructor.
 */
final class SpiClassLoader extends ClassLoader {
    private static final List<String> EXPORTED = List.of(
            "java.", "javax.", "jdk.", "sun.", "org.awsdns.core.", "org.xbill.DNS.", "org.slf4j.",
            "com.fasterxml.jackson.annotation.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader server;

    SpiClassLoader(ClassLoader server) {
        super("awsdns-spi", null);
        this.server = requireNonNull(server, "server is null");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        for (String prefix : EXPORTED) {
            if (name.startsWith(prefix)) {
                return server.loadClass(name);
            }
        }
        throw new ClassNotFoundException(name + " (not exported to plugins: only the JDK, org.awsdns.core, "
                + "org.xbill.DNS, org.slf4j and com.fasterxml.jackson.annotation are; bundle other libraries in the plugin's jar)");
    }

    @Override
    public URL getResource(String name) {
        return null;
    }

    @Override
    public Enumeration<URL> getResources(String name) {
        return Collections.emptyEnumeration();
    }
}
