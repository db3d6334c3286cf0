package org.awsdns.server.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.awsdns.core.PluginFactory;
import org.xbill.DNS.Name;

/** Builds small plugin jars in tests: compiles a factory against the SPI and packs it with its services file. */
final class PluginJars {
    private PluginJars() {}

    /** A jar with one factory {@code pkg.Factory} named {@code pluginName}; with no services file when {@code register} is false. */
    static Path factoryJar(Path workDirectory, String jarName, String pkg, String pluginName, boolean register)
            throws IOException {
        Path sources = Files.createDirectories(workDirectory.resolve(jarName + "-src").resolve(pkg));
        Path classes = Files.createDirectories(workDirectory.resolve(jarName + "-classes"));
        Path source = sources.resolve("Factory.java");
        Files.writeString(source, """
                package %s;

                import org.awsdns.core.Plugin;
                import org.awsdns.core.PluginContext;
                import org.awsdns.core.PluginFactory;

                public final class Factory implements PluginFactory<Factory.Config> {
                    public record Config(String greeting) {}

                    @Override
                    public String name() {
                        return "%s";
                    }

                    @Override
                    public Class<Config> configType() {
                        return Config.class;
                    }

                    @Override
                    public Plugin create(Config config, PluginContext context) {
                        return (query, next) -> next.proceed(query);
                    }
                }
                """.formatted(pkg, pluginName));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        String classPath = String.join(java.io.File.pathSeparator, location(PluginFactory.class), location(Name.class));
        int result = compiler.run(null, null, null,
                "-d", classes.toString(), "-classpath", classPath, "--release", "17", source.toString());
        if (result != 0) {
            throw new IllegalStateException("compiling the test plugin failed");
        }
        Path jar = workDirectory.resolve(jarName + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            if (register) {
                out.putNextEntry(new JarEntry("META-INF/services/org.awsdns.core.PluginFactory"));
                write(out, pkg + ".Factory\n");
                out.closeEntry();
            }
        }
        return jar;
    }

    static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
