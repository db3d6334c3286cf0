package org.awsdns.server.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the configuration file when {@code --config} is not given: {@code $AWSDNS_CONFIG}, then
 * {@code ./awsdns.yaml}, {@code /etc/awsdns/awsdns.yaml}, {@code ~/.awsdns.yaml}, and last the
 * ancestor's {@code awsdns.ini} where it looked: {@code ./awsdns.ini}, {@code /etc/awsdns.ini},
 * {@code ~/awsdns.ini}.
 */
public final class ConfigLocator {
    public static final String ENVIRONMENT_VARIABLE = "AWSDNS_CONFIG";

    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final Path homeDirectory;
    private final Path systemDirectory;

    public ConfigLocator(Map<String, String> environment, Path workingDirectory, Path homeDirectory) {
        this(environment, workingDirectory, homeDirectory, Path.of("/etc/awsdns"));
    }

    /** With the system folder ({@code /etc/awsdns}) replaceable, for tests. */
    public ConfigLocator(Map<String, String> environment, Path workingDirectory, Path homeDirectory, Path systemDirectory) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.workingDirectory = requireNonNull(workingDirectory, "workingDirectory is null");
        this.homeDirectory = requireNonNull(homeDirectory, "homeDirectory is null");
        this.systemDirectory = requireNonNull(systemDirectory, "systemDirectory is null");
    }

    /** The process's own environment, working directory and home. */
    public static ConfigLocator system(Map<String, String> environment) {
        return new ConfigLocator(
                environment, Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home", "/")));
    }

    /**
     * The file to read: {@code explicit} when given, else the first candidate that exists.
     *
     * @throws ConfigException when none exists, listing the places looked
     */
    public Path locate(Optional<Path> explicit) {
        if (explicit.isPresent()) {
            return workingDirectory.resolve(explicit.get());
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            // an explicit choice: a missing file is reported as such, not skipped
            return workingDirectory.resolve(fromEnvironment);
        }
        List<Path> candidates = candidates();
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        List<String> looked = new ArrayList<>();
        looked.add("$" + ENVIRONMENT_VARIABLE + " (not set)");
        candidates.forEach(candidate -> looked.add(candidate.toString()));
        throw new ConfigException("no configuration file found; give one with --config FILE. Looked in: " + looked);
    }

    private List<Path> candidates() {
        Path etc = systemDirectory.getParent() == null ? systemDirectory : systemDirectory.getParent();
        return List.of(
                workingDirectory.resolve("awsdns.yaml"),
                systemDirectory.resolve("awsdns.yaml"),
                homeDirectory.resolve(".awsdns.yaml"),
                workingDirectory.resolve("awsdns.ini"),
                etc.resolve("awsdns.ini"),
                homeDirectory.resolve("awsdns.ini"));
    }
}
