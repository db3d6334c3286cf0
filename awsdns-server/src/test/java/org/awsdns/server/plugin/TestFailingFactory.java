package org.awsdns.server.plugin;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.awsdns.core.Chain;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;
import org.awsdns.core.Query;
import org.awsdns.core.Response;

/** A test plugin whose creation fails when its config says so; counts closes of the ones made. */
public final class TestFailingFactory implements PluginFactory<TestFailingFactory.Config> {
    public static final AtomicInteger CLOSED = new AtomicInteger();

    public record Config(Boolean fail) {
        public Config {
            fail = fail != null && fail;
        }
    }

    @Override
    public String name() {
        return "test-fail";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Plugin create(Config config, PluginContext context) {
        if (config.fail()) {
            throw new IllegalStateException("cannot reach the test backend");
        }
        return new Plugin() {
            @Override
            public CompletionStage<Response> handle(Query query, Chain next) {
                return next.proceed(query);
            }

            @Override
            public void close() {
                CLOSED.incrementAndGet();
            }
        };
    }
}
