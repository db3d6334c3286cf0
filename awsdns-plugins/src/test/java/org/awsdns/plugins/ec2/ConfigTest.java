package org.awsdns.plugins.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awsdns.plugins.ec2.forward.Ec2ForwardConfig;
import org.awsdns.plugins.ec2.forward.Ec2ForwardFactory;
import org.awsdns.plugins.ec2.inventory.AttributeRef;
import org.awsdns.plugins.ec2.inventory.CredentialsConfig;
import org.awsdns.plugins.ec2.inventory.InventoryConfig;
import org.awsdns.plugins.ec2.reverse.Ec2ReverseConfig;
import org.awsdns.plugins.ec2.txt.TxtExtraConfig;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.Test;

/** Config records bound as the server binds them: snake_case keys, unknown keys are errors. */
class ConfigTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule().addDeserializer(Duration.class, new JsonDeserializer<>() {
                @Override
                public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                    String text = parser.getText();
                    if (text.endsWith("ms")) {
                        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
                    }
                    long amount = Long.parseLong(text.substring(0, text.length() - 1));
                    return text.endsWith("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
                }
            }).addSerializer(Duration.class, new ToStringSerializer(Duration.class)))
            .build();

    private static <T> T bind(String json, Class<T> type) throws IOException {
        return MAPPER.readValue(json.replace('\'', '"'), type);
    }

    @Test
    void bindsAnAwsInventoryWithDefaults() throws IOException {
        InventoryConfig config = bind("{'region': 'us-east-1', 'filters': {'vpc-id': ['vpc-0abc']}, 'refresh': '2m',"
                + " 'miss_ttl': '10s', 'on_miss': false}", InventoryConfig.class);

        assertThat(config.credentials()).isEqualTo(CredentialsConfig.DEFAULT);
        assertThat(config.filters()).containsExactly(
                Map.entry("vpc-id", List.of("vpc-0abc")),
                Map.entry("instance-state-name", List.of("running")));
        assertThat(config.refresh()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.missTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.onMiss()).isFalse();
        assertThat(config.missRate()).isEqualTo(5.0);
        assertThat(config.apiTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void withEventsTheFullLoadRunsAtTheReconcilePeriodUnlessRefreshIsGiven() throws IOException {
        InventoryConfig events = bind("{'region': 'us-east-1', 'events': {'queue_url':"
                + " 'https://sqs.us-east-1.amazonaws.com/123456789012/awsdns-a'}}", InventoryConfig.class);
        InventoryConfig both = bind("{'region': 'us-east-1', 'refresh': '5m', 'events': {'queue_url':"
                + " 'https://sqs.us-east-1.amazonaws.com/123456789012/awsdns-a', 'reconcile': '30m'}}", InventoryConfig.class);

        assertThat(events.events().reconcile()).isEqualTo(Duration.ofHours(1));
        assertThat(events.refresh()).isEqualTo(Duration.ofHours(1));
        assertThat(both.events().reconcile()).isEqualTo(Duration.ofMinutes(30));
        assertThat(both.refresh()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void rejectsEventsWithoutAQueueOrOnAFile() {
        assertThatThrownBy(() -> bind("{'region': 'us-east-1', 'events': {'reconcile': '1m'}}", InventoryConfig.class))
                .hasMessageContaining("events.queue_url is required");
        assertThatThrownBy(() -> bind("{'region': 'us-east-1', 'events': {'queue_url': 'awsdns-a'}}", InventoryConfig.class))
                .hasMessageContaining("events.queue_url must be an http(s) URL");
        assertThatThrownBy(() -> bind("{'file': 'x.json', 'events': {'queue_url': 'https://sqs.us-east-1.amazonaws.com/1/q'}}",
                InventoryConfig.class)).hasMessageContaining("events need the AWS API");
        assertThatThrownBy(() -> bind("{'region': 'us-east-1', 'events': {'queue_url': 'https://sqs.us-east-1.amazonaws.com/1/q',"
                + " 'wait': '20s'}}", InventoryConfig.class)).hasMessageContaining("wait");
    }

    @Test
    void asgIsTheAutoScalingGroupTag() {
        assertThat(AttributeRef.parse("asg")).isEqualTo(AttributeRef.tagRef("aws:autoscaling:groupName"));
        assertThat(AttributeRef.parse("asg").isGroup()).isTrue();
        assertThat(AttributeRef.parse("tag:Name").isGroup()).isFalse();
    }

    @Test
    void keepsAnExplicitStateFilter() throws IOException {
        InventoryConfig config = bind("{'region': 'eu-west-1', 'filters': {'instance-state-name': ['running',"
                + " 'stopped']}}", InventoryConfig.class);

        assertThat(config.filters()).containsExactly(Map.entry("instance-state-name", List.of("running", "stopped")));
    }

    @Test
    void bindsAFileInventory() throws IOException {
        InventoryConfig config = bind("{'file': 'examples/demo-instances.json'}", InventoryConfig.class);

        assertThat(config.fromFile()).isTrue();
        assertThat(config.onMiss()).isFalse();
        assertThat(config.refresh()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void rejectsInvalidInventories() {
        assertThatThrownBy(() -> bind("{'region': 'us-east-1', 'regoin': 'us-east-2'}", InventoryConfig.class))
                .hasMessageContaining("regoin");
        assertThatThrownBy(() -> InventoryConfig.ofRegion(null)).hasMessageContaining("region is required");
        assertThatThrownBy(() -> new InventoryConfig("x.json", "us-east-1", null, null, null, null, null, null, null,
                null)).hasMessageContaining("file cannot be combined");
        assertThatThrownBy(() -> new InventoryConfig(null, "us-east-1", null, "ftp://x", null, null, null, null, null,
                null)).hasMessageContaining("endpoint must be an http(s) URL");
        assertThatThrownBy(() -> new InventoryConfig("x.json", null, null, null, Map.of("group-name", List.of("x")),
                null, null, null, null, null)).hasMessageContaining("cannot be applied to a file").hasMessageContaining(
                "vpc-id");
        assertThatThrownBy(() -> new InventoryConfig(null, "us-east-1", null, null, null, Duration.ZERO, null, null,
                null, null)).hasMessageContaining("refresh must be positive");
    }

    @Test
    void bindsEveryFormOfCredentials() throws IOException {
        assertThat(bind("'default'", CredentialsConfig.class)).isEqualTo(CredentialsConfig.DEFAULT);
        assertThat(bind("{'profile': 'ops'}", CredentialsConfig.class)).isEqualTo(CredentialsConfig.profile("ops"));
        assertThat(bind("{'access_key_id': 'AKIDEXAMPLE', 'secret_access_key': 'wJalrXUtnFEMI', 'session_token':"
                + " 'FQoGZXIvYXdz'}", CredentialsConfig.class))
                .isEqualTo(CredentialsConfig.keys("AKIDEXAMPLE", "wJalrXUtnFEMI", "FQoGZXIvYXdz"));
        assertThat(bind("{'role_arn': 'arn:aws:iam::123456789012:role/awsdns', 'external_id': 'x1'}",
                CredentialsConfig.class))
                .isEqualTo(CredentialsConfig.role("arn:aws:iam::123456789012:role/awsdns", "x1", null));
        InventoryConfig inventory = bind("{'region': 'us-east-1', 'credentials': {'profile': 'ops'}}",
                InventoryConfig.class);
        assertThat(inventory.credentials().kind()).isEqualTo(CredentialsConfig.Kind.PROFILE);
    }

    @Test
    void rejectsBadCredentialsWithoutQuotingSecrets() {
        assertThatThrownBy(() -> bind("'envrionment'", CredentialsConfig.class))
                .hasMessageContaining("'default' or a mapping");
        assertThatThrownBy(() -> bind("{'access_key_id': 'AKIDEXAMPLE', 'secret_key': 'wJalrXUtnFEMI'}",
                CredentialsConfig.class))
                .hasMessageContaining("\"secret_key\"")
                .hasMessageContaining("secret_access_key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wJalrXUtnFEMI"));
        assertThatThrownBy(() -> bind("{'secret_access_key': 'wJalrXUtnFEMI'}", CredentialsConfig.class))
                .hasMessageContaining("access_key_id is required")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wJalrXUtnFEMI"));
    }

    @Test
    void redactsSecretsWhenPrintedOrSerialised() throws IOException {
        InventoryConfig config = bind("{'region': 'us-east-1', 'credentials': {'access_key_id': 'AKIDEXAMPLE',"
                + " 'secret_access_key': 'wJalrXUtnFEMI', 'session_token': 'FQoGZXIvYXdz'}}", InventoryConfig.class);

        for (String printed : List.of(config.toString(), config.credentials().toString(),
                MAPPER.writeValueAsString(config))) {
            assertThat(printed).contains("AKIDEXAMPLE").contains("****")
                    .doesNotContain("wJalrXUtnFEMI").doesNotContain("FQoGZXIvYXdz");
        }
        assertThat(config.credentials().toString())
                .isEqualTo("{access_key_id=AKIDEXAMPLE, secret_access_key=****, session_token=****}");
        assertThat(CredentialsConfig.DEFAULT.toString()).isEqualTo("default");
    }

    @Test
    void bindsPluginConfigsWithDefaults() throws IOException {
        Ec2ForwardConfig forward = bind("{'inventory': 'demo', 'zone': 'demo.internal'}", Ec2ForwardConfig.class);
        assertThat(forward).isEqualTo(new Ec2ForwardConfig("demo", "tag:Name", "demo.internal", 60L, "private"));
        assertThat(forward.zoneName().toString()).isEqualTo("demo.internal.");

        Ec2ReverseConfig reverse = bind("{'inventory': 'demo', 'zone': 'demo.internal.'}", Ec2ReverseConfig.class);
        assertThat(reverse).isEqualTo(new Ec2ReverseConfig("demo", "private_ip_address", "tag:Name", "demo.internal.",
                60L));

        TxtExtraConfig txt = bind("{'inventory': 'demo', 'extra': ['tag:Class', 'id', 'KeyName']}",
                TxtExtraConfig.class);
        assertThat(txt.extraRefs()).extracting(Object::toString).containsExactly("tag:Class", "id", "key_name");
    }

    @Test
    void rejectsUnknownAttributesListingTheKnownOnes() {
        assertThatThrownBy(() -> new Ec2ForwardConfig("demo", "private_ip", "demo.internal.", null, null))
                .hasMessageContaining("unknown instance attribute 'private_ip'")
                .hasMessageContaining("private_ip_address").hasMessageContaining("PrivateIpAddress")
                .hasMessageContaining("tag:KEY");
        assertThatThrownBy(() -> new TxtExtraConfig("demo", List.of("tag:Class", "owner"), null))
                .hasMessageContaining("unknown instance attribute 'owner'");
        assertThatThrownBy(() -> new Ec2ReverseConfig("demo", "key_name", null, "demo.internal.", null))
                .hasMessageContaining("[private_ip_address, ip_address]");
        assertThatThrownBy(() -> new Ec2ForwardConfig("demo", null, "demo.internal.", null, "elastic"))
                .hasMessageContaining("private or public");
        assertThatThrownBy(() -> new Ec2ForwardConfig("demo", null, null, null, null))
                .hasMessageContaining("zone is required");
        assertThatThrownBy(() -> new Ec2ForwardConfig("demo", null, "demo.internal.", -1L, null))
                .hasMessageContaining("ttl");
    }

    @Test
    void rejectsAnUnknownInventoryListingTheKnownOnes() throws Exception {
        try (TestPluginContext context = TestPluginContext.create("test")) {
            context.addResource("prod", new Object());
            assertThatThrownBy(() -> new Ec2ForwardFactory().create(
                    new Ec2ForwardConfig("staging", null, "demo.internal.", null, null), context))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown inventory 'staging'; known: []");
        }
    }
}
