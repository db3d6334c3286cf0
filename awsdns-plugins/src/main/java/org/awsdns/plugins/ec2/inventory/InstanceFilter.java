package org.awsdns.plugins.ec2.inventory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * DescribeInstances filters applied locally, for the file source, with the API's semantics:
 * the filters are ANDed, the values of one filter ORed, and values may hold the wildcards
 * {@code *} and {@code ?}.
 */
public final class InstanceFilter {
    private static final String ANY_PRIVATE_IPV4 = "network-interface.addresses.private-ip-address";
    private static final String ANY_IPV6 = "network-interface.ipv6-addresses.ipv6-address";
    private static final String IPV6_ADDRESS = "ipv6-address";
    private static final String TAG_KEY = "tag-key";

    private final List<Condition> conditions;

    private record Condition(Function<Ec2Instance, List<String>> values, List<Predicate<String>> patterns) {
        boolean matches(Ec2Instance instance) {
            for (String value : values.apply(instance)) {
                for (Predicate<String> pattern : patterns) {
                    if (value != null && pattern.test(value)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private InstanceFilter(List<Condition> conditions) {
        this.conditions = List.copyOf(conditions);
    }

    /**
     * Compiles {@code filters}.
     *
     * @throws IllegalArgumentException for a filter the file source cannot apply, listing those it can
     */
    public static InstanceFilter of(Map<String, List<String>> filters) {
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
            List<Predicate<String>> patterns = new ArrayList<>();
            for (String value : filter.getValue()) {
                patterns.add(matcher(value));
            }
            conditions.add(new Condition(extractor(filter.getKey()), patterns));
        }
        return new InstanceFilter(conditions);
    }

    public boolean matches(Ec2Instance instance) {
        for (Condition condition : conditions) {
            if (!condition.matches(instance)) {
                return false;
            }
        }
        return true;
    }

    private static Function<Ec2Instance, List<String>> extractor(String name) {
        if (name.startsWith("tag:")) {
            String key = name.substring(4);
            return instance -> single(instance.tags().get(key));
        }
        switch (name) {
            case TAG_KEY:
                return instance -> List.copyOf(instance.tags().keySet());
            case ANY_PRIVATE_IPV4:
                return instance -> text(instance.privateIpv4());
            case ANY_IPV6:
            case IPV6_ADDRESS:
                return instance -> text(instance.ipv6());
            default:
                break;
        }
        for (InstanceAttribute attribute : InstanceAttribute.values()) {
            if (name.equals(attribute.filterName())) {
                return instance -> single(instance.attribute(attribute));
            }
        }
        throw new IllegalArgumentException("filter '" + name + "' cannot be applied to a file; known: " + known());
    }

    private static List<String> known() {
        TreeSet<String> names = new TreeSet<>(List.of("tag:KEY", TAG_KEY, ANY_PRIVATE_IPV4, ANY_IPV6, IPV6_ADDRESS));
        for (InstanceAttribute attribute : InstanceAttribute.values()) {
            if (attribute.filterName() != null) {
                names.add(attribute.filterName());
            }
        }
        return List.copyOf(names);
    }

    private static List<String> single(String value) {
        return value == null ? List.of() : List.of(value);
    }

    private static List<String> text(List<InetAddress> addresses) {
        List<String> out = new ArrayList<>(addresses.size());
        for (InetAddress address : addresses) {
            out.add(Addresses.toText(address));
        }
        return out;
    }

    /**
     * The test of one filter value: {@link String#equals} when it has no wildcard (the default
     * {@code instance-state-name} filter, tested on every instance of a load: a regular expression
     * each was a tenth of parsing 100,000 instances), else {@link #glob}'s expression.
     */
    static Predicate<String> matcher(String value) {
        if (value.indexOf('*') < 0 && value.indexOf('?') < 0 && value.indexOf('\\') < 0) {
            return value::equals;
        }
        Pattern pattern = glob(value);
        return text -> pattern.matcher(text).matches();
    }

    /** {@code *} is any run of characters, {@code ?} one character; a backslash escapes either. */
    static Pattern glob(String value) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                literal.append(value.charAt(++i));
            } else if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
