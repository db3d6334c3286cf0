package org.awsdns.server.plugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;

/** A test plugin that only passes queries on, with a config of every common kind. */
public final class TestStaticFactory implements PluginFactory<TestStaticFactory.Config> {
    /** The contexts plugins were created with, so tests can look at them. */
    public static final List<PluginContext> CONTEXTS = new ArrayList<>();

    public record Config(String name, String address, Integer ttl, Duration refresh) {
        public Config {
            ttl = ttl == null ? 300 : ttl;
            if (ttl < 0) {
                throw new IllegalArgumentException("ttl must not be negative, got " + ttl);
            }
            refresh = refresh == null ? Duration.ofMinutes(5) : refresh;
        }
    }

    @Override
    public String name() {
        return "test-static";
    }

    @Override
    public String description() {
        return "answers nothing, for tests";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Plugin create(Config config, PluginContext context) {
        synchronized (CONTEXTS) {
            CONTEXTS.add(context);
        }
        return (query, next) -> next.proceed(query);
    }
}
