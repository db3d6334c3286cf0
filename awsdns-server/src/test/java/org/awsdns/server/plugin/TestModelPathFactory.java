package org.awsdns.server.plugin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;
import org.xbill.DNS.Section;

/**
 * A test plugin that wraps the rest of the chain and, for queries from one client address, touches
 * the response's additional section (removing nothing). A wire answer then turns back into records
 * and the server encodes the reply with dnsjava: the reference a wire reply is compared with.
 */
public final class TestModelPathFactory implements PluginFactory<TestModelPathFactory.Config> {

    /** @param client queries from this address get the dnsjava-encoded reply */
    public record Config(String client) {}

    @Override
    public String name() {
        return "test-model-path";
    }

    @Override
    public String description() {
        return "turns wire answers back into records for one client, for tests";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Plugin create(Config config, PluginContext context) {
        InetAddress client;
        try {
            client = InetAddress.getByName(config.client());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("client must be an address literal", e);
        }
        return (query, next) -> next.proceed(query).thenApply(response -> {
            if (query.client().getAddress().equals(client)) {
                response.removeIf(Section.ADDITIONAL, record -> false);
            }
            return response;
        });
    }
}
