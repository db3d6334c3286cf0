package org.awsdns.core;

/**
 * Makes named resources shared by the plugins of every chain, such as EC2 inventories. Each
 * factory owns one top-level section of the configuration, a mapping from resource name to that
 * resource's settings:
 *
 * <pre>{@code
 * inventories:          # section()
 *   prod: {...}         # create("prod", config bound from {...}, context)
 * }</pre>
 *
 * <p>Plugins find a resource with {@link PluginContext#resource(String, Class)}. Registered like
 * plugin factories, through {@code META-INF/services/org.awsdns.core.ResourceFactory}.
 *
 * <p>{@code create} must return at once: a resource that loads data over the network starts the
 * load in the background and reports itself not ready (see {@link Readiness}) until it ends. The
 * server closes a resource that implements {@link AutoCloseable} when it shuts down.
 *
 * @param <C> the immutable configuration type of one resource
 * @param <R> the resource type
 */
public interface ResourceFactory<C, R> {

    /** The top-level configuration key this factory owns, e.g. {@code inventories}. */
    String section();

    /** The class one resource's settings bind to. */
    Class<C> configType();

    /** The class plugins ask for. */
    Class<R> resourceType();

    /**
     * Creates one resource. Never blocks on the network.
     *
     * @param name the resource's name, the key under the section
     * @throws Exception when the settings cannot work; the message is shown to the user
     */
    R create(String name, C config, ResourceContext context) throws Exception;
}
