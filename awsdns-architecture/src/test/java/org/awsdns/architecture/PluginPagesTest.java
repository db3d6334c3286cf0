package org.awsdns.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awsdns.core.PluginFactory;
import org.awsdns.server.cli.AwsdnsServer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every registered plugin (bundled, and the examples) has a page with the sections Name,
 * Description, Syntax, Examples and Metrics, in that order, and its Metrics section lists every
 * meter the plugin registers. The meters are found by running the real server twice on loopback:
 * once with the plugin in a chain and once without (same shared resources), and taking the
 * difference, so a meter registered under a constant or a computed name is found too.
 */
class PluginPagesTest {
    private static final List<String> SECTIONS = List.of("Name", "Description", "Syntax", "Examples", "Metrics");
    private static final Pattern HEADING = Pattern.compile("^## (\\S.*)$", Pattern.MULTILINE);
    private static final String DEMO_INVENTORY = "inventories:\n  demo: {file: \"%s\"}\n";
    private static final String ZONE_FILE = "zone.db";

    /**
     * The smallest chain entry that creates each plugin, and the shared resources it needs. A new
     * plugin fails {@link #everyPluginHasAMinimalConfigHere} until it is added: loopback only, no
     * AWS, no upstream traffic.
     */
    private static Map<String, String> minimalEntries() {
        return Map.ofEntries(
                Map.entry("acl", "acl: [{block: {type: [ANY]}}, {allow: {net: [127.0.0.0/8]}}, {drop: {net: [\"0.0.0.0/0\"]}}]"),
                Map.entry("any", "any"),
                Map.entry("cache", "cache"),
                Map.entry("forward", "forward: {to: [\"127.0.0.1:9\"]}"),
                Map.entry("hosts", "hosts: {entries: [\"10.0.0.1 a.test\"]}"),
                Map.entry("log", "log"),
                Map.entry("soa", "soa: {zone: test., mname: ns.test., rname: hostmaster.test.}"),
                Map.entry("ec2-forward", "ec2-forward: {inventory: demo, zone: demo.internal.}"),
                Map.entry("ec2-reverse", "ec2-reverse: {inventory: demo, zone: demo.internal.}"),
                Map.entry("txt-extra", "txt-extra: {inventory: demo, extra: [id]}"),
                Map.entry("file", "file: {path: \"" + ZONE_FILE + "\", zone: test.}"),
                Map.entry("whoami", "whoami"),
                Map.entry("split-horizon", "split-horizon: {networks: offices, names: {a.test: {default: 10.0.0.1}}}"));
    }

    @TempDir
    static Path work;

    private static List<PluginFactory<?>> factories() {
        List<PluginFactory<?>> factories = new ArrayList<>();
        ServiceLoader.load(PluginFactory.class).forEach(factories::add);
        assertThat(factories).as("plugin factories on the class path").hasSizeGreaterThanOrEqualTo(10);
        return factories;
    }

    @Test
    void everyPluginHasAMinimalConfigHere() {
        assertThat(minimalEntries().keySet()).containsAll(factories().stream().map(PluginFactory::name).toList());
    }

    @TestFactory
    Stream<DynamicTest> everyPluginHasAPageWithTheSectionsAndItsMetrics() {
        return factories().stream().map(factory -> DynamicTest.dynamicTest(factory.name(), () -> {
            Path page = page(factory);
            assertThat(page).as("the page of %s", factory.name()).exists();
            String text = Files.readString(page);
            assertThat(headings(text)).as("sections of %s", page).containsSubsequence(SECTIONS);
            String metricsSection = section(text, "Metrics");
            for (String meter : registeredMeters(factory.name())) {
                assertThat(metricsSection).as("%s lists %s, which %s registers", page, meter, factory.name()).contains("`" + meter);
            }
        }));
    }

    /** Bundled plugins: docs/plugins/NAME.md; an example plugin: its project's README.md. */
    private static Path page(PluginFactory<?> factory) throws URISyntaxException {
        if (factory.getClass().getName().startsWith("org.awsdns.plugins.")) {
            return Modules.root().resolve("docs/plugins/" + factory.name() + ".md");
        }
        Path location = Path.of(factory.getClass().getProtectionDomain().getCodeSource().getLocation().toURI());
        Path module = location;
        while (module != null && !Files.exists(module.resolve("pom.xml"))) {
            module = module.getParent();
        }
        assertThat(module).as("the Maven project of %s (from %s)", factory.name(), location).isNotNull();
        return module.resolve("README.md");
    }

    private static List<String> headings(String page) {
        List<String> headings = new ArrayList<>();
        Matcher matcher = HEADING.matcher(page);
        while (matcher.find()) {
            headings.add(matcher.group(1).trim());
        }
        return headings;
    }

    private static String section(String page, String heading) {
        int start = page.indexOf("\n## " + heading);
        int end = page.indexOf("\n## ", start + 1);
        return page.substring(start, end < 0 ? page.length() : end);
    }

    /** The awsdns_ meters the server has with the plugin in a chain and not without it. */
    private static Set<String> registeredMeters(String plugin) throws Exception {
        String entry = minimalEntries().get(plugin);
        assertThat(entry).as("a minimal config for %s in this test", plugin).isNotNull();
        Set<String> with = meters(entry);
        Set<String> without = meters("whoami");
        Set<String> registered = new TreeSet<>(with);
        registered.removeAll(without);
        return registered;
    }

    private static Set<String> meters(String entry) throws Exception {
        Path networks = Files.writeString(work.resolve("networks.txt"), "127.0.0.0/8 local\n");
        Files.writeString(work.resolve(ZONE_FILE), """
                $ORIGIN test.
                @ 3600 IN SOA ns.test. hostmaster.test. 1 3600 900 86400 60
                @ 3600 IN NS ns.test.
                ns 3600 IN A 10.0.0.53
                """);
        String yaml = DEMO_INVENTORY.formatted(Modules.root().resolve("examples/demo-instances.json"))
                + "networks:\n  offices: {file: \"" + networks + "\"}\n"
                + "servers:\n  - listen: [\"127.0.0.1:0\"]\n    plugins:\n      - " + entry + "\n";
        // relative paths (the zone file) resolve against the folder of the config file
        Path config = Files.writeString(work.resolve("awsdns.yaml"), yaml);
        try (AwsdnsServer server = AwsdnsServer.builder().configFile(config).start()) {
            Set<String> names = new TreeSet<>();
            for (Meter meter : server.meterRegistry().getMeters()) {
                String name = meter.getId().getName();
                if (name.startsWith("awsdns_")) {
                    names.add(name);
                }
            }
            return names;
        }
    }
}
