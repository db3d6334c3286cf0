package org.awsdns.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awsdns.server.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every awsdns command line of the README and {@code docs/} ({@code java -jar awsdns.jar ...} or
 * {@code awsdns ...}, in code blocks and in inline code) is run: parsed by the real command line,
 * then executed in-process in a folder holding the files the docs name. {@code check},
 * {@code plugins}, {@code convert}, {@code --help} and {@code --version} run as written; a line
 * that would serve runs as {@code check} with the same options, which loads, overrides and
 * validates all it would serve, with no socket. Synopsis lines ({@code [--config FILE]},
 * {@code a | b}, {@code FILE} placeholders) are not commands and are left out. Other programs'
 * lines ({@code dig}, {@code aws}, {@code systemctl}) are not awsdns's to run.
 */
class DocumentedCommandsIT {
    private static final Path ROOT = Path.of(System.getProperty("awsdns.root"));
    private static final Pattern FENCE = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern INLINE = Pattern.compile("(?<!`)`((?:java [^`]*-jar |awsdns )[^`]*)`(?!`)");
    private static final Set<String> SUBCOMMANDS = Set.of("serve", "check", "plugins", "convert");
    private static final String DEFAULT_CONFIG = """
            servers:
              - listen: ["127.0.0.1:5353"]
                zones: ["demo.internal."]
                plugins:
                  - log
                  - hosts: {entries: ["10.0.0.10 bootstrapper-test.demo.internal"]}
            """;

    @TempDir
    static Path work;

    /** The folder the commands run in: the files the docs name, beside the repository's examples. */
    @BeforeAll
    static void prepareWorkingFolder() throws IOException {
        Files.createSymbolicLink(work.resolve("examples"), ROOT.resolve("examples"));
        Files.writeString(work.resolve("awsdns.yaml"), DEFAULT_CONFIG);
        Files.writeString(work.resolve("awsdns.ini"), """
                [awsdns]
                dns_server = 10.0.0.2
                aws_region = us-east-1
                forward = tag:Name
                reverse = private_ip_address
                extra = tag:Class id key_name
                """);
        Path exampleJar = Path.of(System.getProperty("awsdns.example.plugin"));
        assertThat(exampleJar).as("the example plugin's jar, built by the reactor before the server").exists();
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(exampleJar, plugins.resolve(exampleJar.getFileName()));
        Files.writeString(work.resolve("whoami.yaml"), blockAfter(ROOT.resolve("docs/writing-plugins.md"), "with `whoami.yaml`:"));
    }

    @TestFactory
    Stream<DynamicTest> everyCommandLineInTheDocsRuns() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : markdownPages()) {
            String text = Files.readString(page);
            List<String> lines = new ArrayList<>();
            Matcher fence = FENCE.matcher(text);
            while (fence.find()) {
                lines.addAll(joinContinuations(fence.group(1)).lines().toList());
            }
            Matcher inline = INLINE.matcher(FENCE.matcher(text).replaceAll(""));
            while (inline.find()) {
                lines.add(inline.group(1));
            }
            for (String line : lines) {
                for (String command : commands(line)) {
                    List<String> args = awsdnsArguments(command);
                    if (args != null && !isSynopsis(args)) {
                        String name = ROOT.relativize(page) + ": " + command;
                        tests.add(DynamicTest.dynamicTest(name, () -> assertRuns(args, name)));
                    }
                }
            }
        }
        assertThat(tests).as("awsdns command lines found in the docs").hasSizeGreaterThanOrEqualTo(10);
        assertThat(tests).extracting(DynamicTest::getDisplayName)
                .anySatisfy(name -> assertThat(name).contains("--plugins-dir plugins --config whoami.yaml"));
        return tests.stream();
    }

    @Test
    void aPluginsFolderNamedLikeTheSubcommandIsTheOptionsValue() {
        assertThat(Main.usageError(new String[] {"--plugins-dir", "plugins", "--config", "whoami.yaml"})).isEmpty();
        assertThat(Main.usageError(new String[] {"plugins", "--plugins-dir", "plugins"})).isEmpty();
        assertThat(Main.usageError(new String[] {"--no-such-option"})).isPresent();
    }

    private static void assertRuns(List<String> args, String name) {
        assertThat(Main.usageError(args.toArray(String[]::new))).as(name + ": usage error").isEmpty();
        List<String> runnable = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String previous = i == 0 ? "" : args.get(i - 1);
            boolean file = previous.startsWith("--") || previous.equals("convert"); // an option's value, convert's FILE
            runnable.add(file ? localPath(args.get(i)) : args.get(i));
        }
        if (runnable.stream().noneMatch(arg -> SUBCOMMANDS.contains(arg) || arg.equals("--help") || arg.equals("--version"))) {
            runnable.add("check"); // a serving line: everything it would load, with no socket
        } else if (runnable.contains("serve")) {
            runnable.set(runnable.indexOf("serve"), "check");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream printer = new PrintStream(output, true, StandardCharsets.UTF_8);
        int exitCode = Main.run(runnable.toArray(String[]::new), printer, printer, Map.of(), work, work);
        assertThat(exitCode).as(name + " (run as " + runnable + ") exited with:\n" + output.toString(StandardCharsets.UTF_8))
                .isZero();
    }

    /** A path the docs name, found in the working folder: relative ones, and /etc/awsdns/ ones by file name. */
    private static String localPath(String arg) {
        if (arg.startsWith("-")) {
            return arg;
        }
        Path named = Path.of(arg);
        Path local = arg.startsWith("/etc/awsdns/") ? work.resolve(named.getFileName()) : work.resolve(arg);
        return !named.isAbsolute() || arg.startsWith("/etc/awsdns/") ? (Files.exists(local) ? local.toString() : arg) : arg;
    }

    /** The arguments after {@code java [JVM options] -jar awsdns.jar} or {@code awsdns}; null for another program. */
    private static List<String> awsdnsArguments(String command) {
        List<String> words = ShellWords.split(command);
        if (words.isEmpty()) {
            return null;
        }
        if (words.get(0).equals("awsdns")) {
            return words.subList(1, words.size());
        }
        int jar = words.indexOf("-jar");
        if (words.get(0).equals("java") && jar > 0 && jar + 1 < words.size()
                && Path.of(words.get(jar + 1)).getFileName().toString().equals("awsdns.jar")) {
            return words.subList(jar + 2, words.size());
        }
        return null;
    }

    /** A usage synopsis rather than a command: optional parts in brackets, alternatives, placeholders. */
    private static boolean isSynopsis(List<String> args) {
        for (String arg : args) {
            if (arg.equals("|") || arg.equals("...") || arg.endsWith("]...") || arg.matches("[A-Z][A-Z_:]{2,}")
                    || arg.matches("\\[[a-z-].*")) {
                return true;
            }
        }
        return false;
    }

    /** The commands of one shell line: a comment dropped, split at {@code &&}, {@code ;} and pipes. */
    private static List<String> commands(String line) {
        String code = ShellWords.stripComment(line).strip();
        if (code.startsWith("$ ")) {
            code = code.substring(2);
        }
        List<String> commands = new ArrayList<>();
        for (String part : code.split("\\s(?:&&|;|\\|\\|?)\\s")) {
            if (!part.isBlank()) {
                commands.add(part.strip());
            }
        }
        return commands;
    }

    private static String joinContinuations(String block) {
        return block.replaceAll("\\\\\\n\\s*", " ");
    }

    /** The content of the first fenced block after {@code marker} on {@code page}. */
    private static String blockAfter(Path page, String marker) throws IOException {
        String text = Files.readString(page);
        int at = text.indexOf(marker);
        assertThat(at).as(marker + " in " + page).isNotNegative();
        Matcher fence = FENCE.matcher(text);
        assertThat(fence.find(at)).isTrue();
        return fence.group(1);
    }

    private static List<Path> markdownPages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** Just enough of sh's word splitting for the docs: blanks, single and double quotes. */
    static final class ShellWords {
        private ShellWords() {}

        static List<String> split(String command) {
            List<String> words = new ArrayList<>();
            StringBuilder word = null;
            char quote = 0;
            for (int i = 0; i < command.length(); i++) {
                char c = command.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    word = word == null ? new StringBuilder() : word;
                } else if (Character.isWhitespace(c)) {
                    if (word != null) {
                        words.add(word.toString());
                        word = null;
                    }
                } else {
                    word = word == null ? new StringBuilder() : word;
                    word.append(c);
                }
            }
            if (word != null) {
                words.add(word.toString());
            }
            return words;
        }

        /** The line without a {@code #} comment that starts a word outside quotes. */
        static String stripComment(String line) {
            char quote = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    quote = c == quote ? 0 : quote;
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                    return line.substring(0, i);
                }
            }
            return line;
        }
    }
}
