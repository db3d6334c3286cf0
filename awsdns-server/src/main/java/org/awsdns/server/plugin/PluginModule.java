package org.awsdns.server.plugin;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import org.awsdns.core.PluginFactory;
import org.awsdns.core.ResourceFactory;

/**
 * Binds the discovered factories in a {@code MapBinder<String, PluginFactory<?>>}, and the
 * resource factories in a {@code MapBinder<String, ResourceFactory<?, ?>>} by section. Discovery
 * happens before the injector is built; this module does no I/O.
 */
public final class PluginModule extends AbstractModule {
    private final PluginRegistry registry;

    public PluginModule(PluginRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    protected void configure() {
        MapBinder<String, PluginFactory<?>> factories =
                MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {}, new TypeLiteral<PluginFactory<?>>() {});
        registry.factories().forEach((name, factory) -> factories.addBinding(name).toInstance(factory));
        MapBinder<String, ResourceFactory<?, ?>> resources = MapBinder.newMapBinder(
                binder(), new TypeLiteral<String>() {}, new TypeLiteral<ResourceFactory<?, ?>>() {});
        registry.resourceFactories().forEach((section, factory) -> resources.addBinding(section).toInstance(factory));
        bind(PluginRegistry.class).toInstance(registry);
    }
}
