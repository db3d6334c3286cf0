package org.awsdns.plugins.ec2.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceFilterTest {

    private static Ec2Instance instance(String id, String state, String name) {
        return new Ec2Instance.Builder().attribute(InstanceAttribute.ID, id)
                .attribute(InstanceAttribute.STATE, state).tag("Name", name).build();
    }

    private static boolean matches(Map<String, List<String>> filters, Ec2Instance instance) {
        return InstanceFilter.of(filters).matches(instance);
    }

    @Test
    void aValueWithoutWildcardsMatchesOnlyItselfWhole() {
        Map<String, List<String>> running = Map.of("instance-state-name", List.of("running", "pending"));
        assertThat(matches(running, instance("i-1", "running", "web"))).isTrue();
        assertThat(matches(running, instance("i-2", "pending", "web"))).isTrue();
        assertThat(matches(running, instance("i-3", "stopped", "web"))).isFalse();
        assertThat(matches(running, instance("i-4", "running-not", "web"))).isFalse();
        assertThat(matches(running, instance("i-5", "Running", "web"))).isFalse();
    }

    @Test
    void wildcardsAndEscapesKeepTheirMeaning() {
        assertThat(matches(Map.of("tag:Name", List.of("web-*")), instance("i-1", "running", "web-12"))).isTrue();
        assertThat(matches(Map.of("tag:Name", List.of("web-*")), instance("i-2", "running", "db-1"))).isFalse();
        assertThat(matches(Map.of("tag:Name", List.of("web-?")), instance("i-3", "running", "web-1"))).isTrue();
        assertThat(matches(Map.of("tag:Name", List.of("web-?")), instance("i-4", "running", "web-12"))).isFalse();
        assertThat(matches(Map.of("tag:Name", List.of("a\\*b")), instance("i-5", "running", "a*b"))).isTrue();
        assertThat(matches(Map.of("tag:Name", List.of("a\\*b")), instance("i-6", "running", "axb"))).isFalse();
        assertThat(matches(Map.of("tag:Name", List.of("a.b")), instance("i-7", "running", "axb"))).isFalse();
    }

    @Test
    void filtersAreAndedAndAMissingValueMatchesNothing() {
        Map<String, List<String>> both = Map.of("instance-state-name", List.of("running"), "tag:Name", List.of("web"));
        assertThat(matches(both, instance("i-1", "running", "web"))).isTrue();
        assertThat(matches(both, instance("i-2", "running", "db"))).isFalse();
        assertThat(matches(Map.of("tag:Team", List.of("*")), instance("i-3", "running", "web"))).isFalse();
    }
}
