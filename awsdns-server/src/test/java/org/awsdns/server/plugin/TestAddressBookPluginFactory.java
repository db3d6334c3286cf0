package org.awsdns.server.plugin;

import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/** A test plugin answering A for any name with the address of a shared address book. */
public final class TestAddressBookPluginFactory implements PluginFactory<TestAddressBookPluginFactory.Config> {
    public record Config(String book) {}

    @Override
    public String name() {
        return "test-address-book";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Plugin create(Config config, PluginContext context) {
        TestAddressBookFactory.AddressBook book = context.resource(config.book(), TestAddressBookFactory.AddressBook.class)
                .orElseThrow(() -> new IllegalArgumentException("unknown address book '" + config.book() + "'; known: "
                        + context.resourceNames(TestAddressBookFactory.AddressBook.class)));
        return (query, next) -> query.type() == Type.A
                ? query.response().addAnswer(new ARecord(query.name(), DClass.IN, 60, book.address())).complete()
                : next.proceed(query);
    }
}
