package org.awsdns.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The modules of the build, each with the package it owns, and their compiled main classes read
 * from {@code <module>/target/classes} (so a class is known by the module that made it).
 */
final class Modules {
    /** Module folder → the package it owns (the root of every class it compiles). */
    static final Map<String, String> OWNED_PACKAGES = owned();

    private static Map<String, String> owned() {
        Map<String, String> owned = new LinkedHashMap<>();
        owned.put("awsdns-core", "org.awsdns.core");
        owned.put("awsdns-testing", "org.awsdns.testing");
        owned.put("awsdns-plugins", "org.awsdns.plugins");
        owned.put("awsdns-server", "org.awsdns.server");
        owned.put("awsdns-benchmarks", "org.awsdns.benchmarks");
        owned.put("examples/plugin-example", "org.awsdns.examples.whoami");
        owned.put("examples/split-horizon", "org.awsdns.examples.splithorizon");
        return owned;
    }

    private Modules() {}

    static Path root() {
        return Path.of(System.getProperty("awsdns.root", "..")).toAbsolutePath().normalize();
    }

    private static final Map<String, JavaClasses> IMPORTED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The main classes of {@code module}; fails when the module was not built. */
    static JavaClasses mainClasses(String module) {
        return IMPORTED.computeIfAbsent(module, Modules::importModule);
    }

    private static JavaClasses importModule(String module) {
        Path classes = root().resolve(module).resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException(classes + " does not exist: build " + module + " first (the reactor does)");
        }
        return new ClassFileImporter().importPath(classes);
    }

    /** The main classes of every module together. */
    static JavaClasses allMainClasses() {
        ClassFileImporter importer = new ClassFileImporter();
        return importer.importPaths(OWNED_PACKAGES.keySet().stream()
                .map(module -> root().resolve(module).resolve("target/classes"))
                .filter(Files::isDirectory)
                .toList());
    }
}
