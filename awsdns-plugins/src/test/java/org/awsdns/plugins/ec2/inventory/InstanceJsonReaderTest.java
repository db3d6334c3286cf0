package org.awsdns.plugins.ec2.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The token reader of instances reads what the tree reading did. */
class InstanceJsonReaderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void readsTheDemoInventoryAsTheTreeDid() throws Exception {
        String json = Files.readString(Path.of("..").toAbsolutePath().normalize().resolve("examples/demo-instances.json"));
        assertSameAsTree(json, 7);
    }

    @Test
    void readsOddInstancesAsTheTreeDid() throws Exception {
        String json = """
                {"Reservations": [{"Instances": [
                  {"NetworkInterfaces": [{"Ipv6Addresses": [{"Ipv6Address": "FD00:EC2::0012"}, {"Ipv6Address": "fd00:ec2::13"}],
                       "Association": {"PublicIp": "198.51.100.7"},
                       "PrivateIpAddresses": [{"Association": {"PublicIp": "198.51.100.8"}, "PrivateIpAddress": "10.0.0.6"},
                                              {"PrivateIpAddress": "10.0.0.5", "Primary": true}, "odd", 7],
                       "PrivateIpAddress": "10.0.0.5"},
                     {"PrivateIpAddress": "10.0.1.5", "PrivateIpAddresses": {"x": {"PrivateIpAddress": "10.0.1.6"}}}],
                   "Tags": [{"Value": "web 1", "Key": "Name"}, {"Key": "Empty", "Value": ""}, {"Key": "NoValue"},
                            {"Key": "Num", "Value": 42}, {"Key": "Bool", "Value": true}, {"Key": "Obj", "Value": {"a": 1}},
                            "tag", null, {"Key": "Name", "Value": "web 2"}],
                   "State": {"Code": 16, "Name": "running"}, "Placement": "not an object",
                   "InstanceId": "i-1", "PrivateIpAddress": "10.0.0.5", "PublicIpAddress": "198.51.100.7",
                   "AmiLaunchIndex": 0, "EbsOptimized": false, "KeyName": "", "ImageId": null, "VpcId": {"x": 1},
                   "Ipv6Address": "fd00:ec2::12", "InstanceType": "t3.micro", "InstanceType": "t3.large",
                   "SubnetId": 12345678901234567890, "Architecture": 1.5},
                  {"InstanceId": "i-2", "State": {"Name": "stopped"}, "State": {"Code": 80},
                   "Placement": {"AvailabilityZone": "eu-west-1a", "Tenancy": "default"},
                   "Tags": [{"Key": "Name", "Value": "first"}], "Tags": {"t": {"Key": "Name", "Value": "second"}},
                   "NetworkInterfaces": "none", "PrivateIpAddress": "010.0.0.1", "PublicIpAddress": ["1.2.3.4"]},
                  {"State": {"Name": "running"}},
                  "not an instance", 12, [1, 2], null,
                  {"InstanceId": "i-3", "Tags": [], "NetworkInterfaces": [], "Unknown": {"deep": [{"x": [1, {"y": 2}]}]}}
                ]}]}
                """;
        assertSameAsTree(json, 3);
    }

    private static void assertSameAsTree(String json, int atLeast) throws Exception {
        List<Ec2Instance> expected = new ArrayList<>();
        for (JsonNode reservation : MAPPER.readTree(json).get("Reservations")) {
            for (JsonNode node : reservation.path("Instances")) {
                expected.add(FileInstanceSource.convert(node));
            }
        }
        List<Ec2Instance> actual = new ArrayList<>();
        try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME && parser.currentName().equals("Instances")) {
                    parser.nextToken();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        actual.add(InstanceJsonReader.read(parser, new StringPool()));
                    }
                }
            }
        }
        assertThat(expected.stream().filter(i -> i != null).count()).isGreaterThanOrEqualTo(atLeast);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Ec2Instance want = expected.get(i);
            Ec2Instance got = actual.get(i);
            if (want == null) {
                assertThat(got).as("element %d", i).isNull();
                continue;
            }
            assertThat(got.id()).isEqualTo(want.id());
            assertThat(got.attributes()).as(want.id()).isEqualTo(want.attributes());
            assertThat(new ArrayList<>(got.tags().entrySet())).as(want.id())
                    .containsExactlyElementsOf(new ArrayList<Map.Entry<String, String>>(want.tags().entrySet()));
            assertThat(got.privateIpv4()).as(want.id()).containsExactlyElementsOf(want.privateIpv4());
            assertThat(got.publicIpv4()).as(want.id()).containsExactlyElementsOf(want.publicIpv4());
            assertThat(got.ipv6()).as(want.id()).containsExactlyElementsOf(want.ipv6());
            assertThat(got).isEqualTo(want);
        }
    }
}
