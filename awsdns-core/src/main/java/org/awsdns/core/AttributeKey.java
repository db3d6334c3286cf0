package org.awsdns.core;

import static java.util.Objects.requireNonNull;

/**
 * A typed key for a value one plugin leaves on a {@link Query} for plugins later in the chain
 * (for example the instances an EC2 plugin answered with, which a TXT plugin describes). Keys
 * compare by identity: share the constant, not its name.
 *
 * @param <T> the value's type
 */
public final class AttributeKey<T> {
    private final String name;
    private final Class<T> type;

    private AttributeKey(String name, Class<T> type) {
        this.name = requireNonNull(name, "name is null");
        this.type = requireNonNull(type, "type is null");
    }

    public static <T> AttributeKey<T> of(String name, Class<T> type) {
        return new AttributeKey<>(name, type);
    }

    public String name() {
        return name;
    }

    T cast(Object value) {
        return type.cast(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
