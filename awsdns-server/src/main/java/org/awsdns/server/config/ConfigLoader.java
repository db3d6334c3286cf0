package org.awsdns.server.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Arrays;
import java.util.Iterator;
import java.util.TreeSet;
import org.awsdns.core.PluginFactory;
import org.awsdns.core.ResourceFactory;

/**
 * Reads a configuration: YAML with positions, command line overrides, then binding in two steps
 * (the top level with each plugin kept as a tree, then each plugin's subtree to its factory's
 * config type), so every error names the file, line, column and path.
 */
public final class ConfigLoader {
    private final Map<String, PluginFactory<?>> factories;
    private final Map<String, ResourceFactory<?, ?>> resourceFactories;
    private final ObjectMapper mapper = ConfigMapper.yaml();
    private final UnknownKeys unknownKeys = new UnknownKeys(mapper);

    /** A loader that knows plugins but no shared-resource sections. */
    public ConfigLoader(Map<String, PluginFactory<?>> factories) {
        this(factories, Map.of());
    }

    @Inject
    public ConfigLoader(Map<String, PluginFactory<?>> factories, Map<String, ResourceFactory<?, ?>> resourceFactories) {
        this.factories = Map.copyOf(requireNonNull(factories, "factories is null"));
        this.resourceFactories = Map.copyOf(requireNonNull(resourceFactories, "resourceFactories is null"));
    }

    /**
     * Reads, overrides and binds; creates no plugin.
     *
     * @throws ConfigException for any mistake, with the message to show
     */
    public LoadedConfig load(ConfigSource source, ConfigOverrides overrides) {
        requireNonNull(source, "source is null");
        requireNonNull(overrides, "overrides is null");
        YamlReader.Result read = YamlReader.read(source);
        Locations locations = read.locations();
        JsonNode root = read.root();
        if (root == null || root.isNull()) {
            throw new ConfigException(source.name() + ": the configuration is empty; it needs a 'servers' list");
        }
        if (!(root instanceof ObjectNode rootObject)) {
            throw new ConfigException(locations.locate("") + ": expected a mapping with 'servers' at the top, got "
                    + TreeEditor.describe(root));
        }
        new TreeEditor(rootObject, locations).apply(overrides);
        checkTopLevelKeys(rootObject, locations);
        List<ResourceSpec> resources = resources(rootObject, locations);
        ObjectNode ownSections = rootObject.deepCopy();
        ownSections.remove(resourceFactories.keySet());
        AwsdnsConfig config = bind(ownSections, AwsdnsConfig.class, "", locations);

        List<ServerSpec> servers = new ArrayList<>();
        for (int i = 0; i < config.servers().size(); i++) {
            ServerConfig server = config.servers().get(i);
            String name = Locations.element("servers", i);
            List<PluginSpec> plugins = new ArrayList<>();
            for (int j = 0; j < server.plugins().size(); j++) {
                plugins.add(plugin(server.plugins().get(j), Locations.element(Locations.child(name, "plugins"), j), locations));
            }
            ServerSpec spec = new ServerSpec(name, server.listen().stream().map(ListenAddress::address).toList(),
                    server.zones(), server.clients(), plugins,
                    SecureListeners.of(server, name, source.baseDirectory(), locations));
            ChainOrder.check(spec, factories);
            servers.add(spec);
        }
        ListenConflicts.check(servers, java.util.Optional.ofNullable(config.metrics()),
                java.util.Optional.ofNullable(config.health()), locations);
        return new LoadedConfig(source.name(), source.baseDirectory(), config.transport(), resources, servers,
                java.util.Optional.ofNullable(config.metrics()), java.util.Optional.ofNullable(config.health()), config.reload(), locations);
    }

    /** Every top-level key is a section of {@link AwsdnsConfig} or of a resource factory. */
    private void checkTopLevelKeys(ObjectNode root, Locations locations) {
        TreeSet<String> known = new TreeSet<>(resourceFactories.keySet());
        Arrays.stream(AwsdnsConfig.class.getRecordComponents())
                .map(component -> component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT))
                .forEach(known::add);
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!known.contains(key)) {
                throw BindingErrors.unknownKey(locations.locate(key), "", key, known, null);
            }
        }
    }

    /** Binds each resource of each resource section, e.g. {@code inventories: {prod: {...}}}. */
    private List<ResourceSpec> resources(ObjectNode root, Locations locations) {
        List<ResourceSpec> resources = new ArrayList<>();
        for (Map.Entry<String, ResourceFactory<?, ?>> section : new TreeMap<>(resourceFactories).entrySet()) {
            JsonNode node = root.get(section.getKey());
            if (node == null || node.isNull()) {
                continue;
            }
            String sectionPath = section.getKey();
            if (!node.isObject()) {
                throw new ConfigException(locations.locate(sectionPath) + ": " + sectionPath
                        + ": expected a mapping of names to settings, got " + TreeEditor.describe(node));
            }
            for (Iterator<Map.Entry<String, JsonNode>> entries = node.fields(); entries.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = entries.next();
                String path = Locations.child(sectionPath, entry.getKey());
                JsonNode settings = entry.getValue() == null || entry.getValue().isNull()
                        ? mapper.createObjectNode()
                        : entry.getValue();
                Object bound = bind(settings, section.getValue().configType(), path, locations);
                resources.add(new ResourceSpec(section.getKey(), entry.getKey(), bound, path, locations.locate(path)));
            }
        }
        return resources;
    }

    /** The names of the known plugins, sorted, for messages. */
    public List<String> pluginNames() {
        return List.copyOf(new TreeMap<>(factories).keySet());
    }

    private PluginSpec plugin(JsonNode entry, String path, Locations locations) {
        String name = PluginEntries.nameOf(entry);
        if (name == null) {
            String got = entry.isObject()
                    ? "a mapping with keys " + iterableToList(entry.fieldNames()) + " (indent the config under the name?)"
                    : TreeEditor.describe(entry);
            throw new ConfigException(locations.locate(path) + ": " + path
                    + ": expected a plugin name or a mapping of one plugin name to its config, got " + got);
        }
        PluginFactory<?> factory = factories.get(name);
        if (factory == null) {
            throw new ConfigException(locations.locate(path) + ": " + path + ": unknown plugin '" + name
                    + "'; known plugins: " + pluginNames());
        }
        JsonNode config = entry.isObject() ? entry.get(name) : null;
        if (config == null || config.isNull()) {
            config = mapper.createObjectNode();
        }
        Object bound = bind(config, factory.configType(), Locations.child(path, name), locations);
        if (bound == null) {
            throw new ConfigException(locations.locate(path) + ": " + path + ": plugin '" + name + "' has no config");
        }
        return new PluginSpec(name, bound, path, locations.locate(path));
    }

    private <T> T bind(JsonNode node, Class<T> type, String path, Locations locations) {
        try {
            return mapper.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw BindingErrors.toConfigException(e, path, node, locations);
        } catch (JsonMappingException e) {
            // a typo is the likelier cause of what the binding refused (a required key "missing")
            UnknownKeys.Unknown unknown = unknownKeys.first(node, type, path);
            if (unknown != null) {
                throw BindingErrors.unknownKey(locations.locate(unknown.path()), unknown.parentPath(), unknown.key(),
                        unknown.known(), e);
            }
            throw BindingErrors.toConfigException(e, path, node, locations);
        } catch (JsonProcessingException e) {
            throw new ConfigException(locations.locate(path) + ": " + path + ": " + e.getOriginalMessage(), e);
        }
    }

    private static List<String> iterableToList(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
