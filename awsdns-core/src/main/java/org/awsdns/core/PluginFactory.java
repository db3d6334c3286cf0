package org.awsdns.core;

import java.util.Set;

/**
 * Makes plugins of one kind from their configuration. Registered through
 * {@code META-INF/services/org.awsdns.core.PluginFactory} in the plugin's jar, either on the
 * server's class path or in the directory given with {@code --plugins-dir}.
 *
 * <p>The server binds the plugin's YAML subtree to {@link #configType()} with Jackson before
 * calling {@link #create}: unknown keys and wrong types are reported to the user with the file,
 * line and column. A Java record is the natural config type; its canonical constructor can fill
 * defaults for absent keys and reject invalid values with {@link IllegalArgumentException}, whose
 * message is shown to the user. A plugin written with no options (just {@code - name} in YAML)
 * receives an instance bound from an empty mapping.
 *
 * <p>Parse and prepare everything in {@code create}: nothing should be parsed on the query path.
 *
 * @param <C> the immutable configuration type
 */
public interface PluginFactory<C> {

    /**
     * The name users write in the {@code plugins:} list, e.g. {@code hosts}. Lower case letters,
     * digits and dashes. Two factories with one name fail the server's start.
     */
    String name();

    /** One line shown by {@code awsdns plugins}. */
    default String description() {
        return "";
    }

    /**
     * The plugins, by name, that must come <em>before</em> this one when a chain holds both, e.g.
     * {@code txt-extra} describes what {@code ec2-forward} and {@code ec2-reverse} found, so it
     * runs after them. {@code check} and {@code serve} refuse a chain that breaks it, naming the
     * file, line and an order that works. Names of plugins not in the chain are ignored.
     */
    default Set<String> runsAfter() {
        return Set.of();
    }

    /**
     * The plugins, by name, that must come <em>after</em> this one when a chain holds both, e.g.
     * a {@code cache} placed after {@code forward} never sees an upstream's answer. Checked as
     * {@link #runsAfter()} is.
     */
    default Set<String> runsBefore() {
        return Set.of();
    }

    /** The class the plugin's YAML subtree binds to. */
    Class<C> configType();

    /**
     * Creates one plugin for one chain position.
     *
     * @param config the bound, validated configuration
     * @param context host services for this plugin instance
     * @throws Exception when the plugin cannot start; the message is shown to the user
     */
    Plugin create(C config, PluginContext context) throws Exception;
}
