package org.awsdns.server.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The YAML text of a configuration and where it came from.
 *
 * @param name how errors name the source, e.g. the file's path
 * @param text the YAML
 * @param baseDirectory where relative paths in the configuration are resolved from
 */
public record ConfigSource(String name, String text, Path baseDirectory) {
    public ConfigSource {
        requireNonNull(name, "name is null");
        requireNonNull(text, "text is null");
        requireNonNull(baseDirectory, "baseDirectory is null");
    }

    /** Reads a configuration file; relative paths in it are resolved from its folder. */
    public static ConfigSource file(Path path) {
        requireNonNull(path, "path is null");
        if (Files.isDirectory(path)) {
            throw new ConfigException(path + ": is a directory, not a configuration file");
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(path + ": configuration file not found");
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot read the configuration file: " + e.getMessage(), e);
        }
        Path folder = path.toAbsolutePath().normalize().getParent();
        if (AncestorIni.isIni(path.toString())) {
            // read as the equivalent YAML (what `awsdns convert` prints, with the keys kept in memory)
            return new ConfigSource(path + " (converted)", AncestorIni.toYaml(text, path.toString(), true), folder);
        }
        return new ConfigSource(path.toString(), text, folder);
    }

    /** A configuration given as a string, named {@code <yaml>}, resolving paths from the working directory. */
    public static ConfigSource yaml(String text) {
        return new ConfigSource("<yaml>", text, Path.of("").toAbsolutePath());
    }
}
