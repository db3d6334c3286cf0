package org.awsdns.server.plugin;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.awsdns.core.Readiness;
import org.awsdns.core.ResourceContext;
import org.awsdns.core.ResourceFactory;

/**
 * A shared resource for tests, in the section {@code address_books}: one address, readiness on
 * demand, a secret in its settings that must never be shown, and a count of closes.
 */
public final class TestAddressBookFactory implements ResourceFactory<TestAddressBookFactory.Config, TestAddressBookFactory.AddressBook> {
    public static final AtomicInteger CLOSED = new AtomicInteger();

    public record Config(String address, String secretKey, Boolean ready) {
        public Config {
            if (address == null) {
                throw new IllegalArgumentException("'address' is required");
            }
            ready = ready == null || ready;
        }
    }

    /** The resource plugins ask for. */
    public static final class AddressBook implements Readiness, AutoCloseable {
        private final InetAddress address;
        private final boolean ready;

        AddressBook(InetAddress address, boolean ready) {
            this.address = address;
            this.ready = ready;
        }

        public InetAddress address() {
            return address;
        }

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    @Override
    public String section() {
        return "address_books";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Class<AddressBook> resourceType() {
        return AddressBook.class;
    }

    @Override
    public AddressBook create(String name, Config config, ResourceContext context) throws Exception {
        return new AddressBook(InetAddress.getByName(config.address()), config.ready());
    }
}
