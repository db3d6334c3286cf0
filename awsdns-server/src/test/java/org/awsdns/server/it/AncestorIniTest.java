package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awsdns.plugins.ec2.FakeEc2;
import org.awsdns.plugins.testing.unbound.Unbound;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.cli.Main;
import org.awsdns.server.config.ConfigException;
import org.awsdns.server.config.ConfigLocator;
import org.awsdns.server.testing.TestServer;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The ancestor's awsdns.ini, read as its equivalent chain and printed by {@code awsdns convert}. */
class AncestorIniTest {
    /** The example of the ancestor's README (key_pair is what it wrote for key_name). */
    private static final String README_INI = """
            [awsdns]
            dns_server = 10.0.0.2
            aws_access_key_id = AKIAIOSFODNN7EXAMPLE
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
            aws_region = us-east-1
            forward = tag:Name
            reverse = private_ip_address
            extra =
                tag:Class
                id
                key_pair
            loglevel = debug
            autorefresh = false
            """;
    private static final Name BOOTSTRAPPER = Name.fromConstantString("bootstrapper-test.");

    @TempDir
    Path work;

    @Test
    void servesTheReadmeExamplesThroughTheRealSdkAndAnUpstream() throws Exception {
        Path ini = Files.writeString(work.resolve("awsdns.ini"), README_INI);
        try (FakeEc2 ec2 = new FakeEc2();
                Unbound upstream = Unbound.start(Files.createDirectory(work.resolve("unbound")))) {
            ec2.add(new FakeEc2.Instance("i-d20eee82", "running", "bootstrapper", "vpc-0abc", null,
                    Map.of("Name", "bootstrapper-test", "Class", "test"),
                    List.of(new FakeEc2.Nic(List.of("172.31.31.48"), List.of()))));
            try (AwsdnsServer server = AwsdnsServer.builder().configFile(ini)
                    .listen("127.0.0.1:0")
                    .set("inventories.ec2.endpoint=" + ec2.endpoint(),
                            "servers[0].plugins.forward.to=[\"" + upstream.hostPort() + "\"]")
                    .start()) {
                TestServer.awaitReady(server, Duration.ofSeconds(15));
                DnsClient client = DnsClient.to(server.boundAddresses().get(0));

                Message forward = client.udp(Queries.message("bootstrapper-test.", Type.A));
                Message reverse = client.udp(Queries.message("48.31.31.172.in-addr.arpa.", Type.PTR));

                assertThat(forward.getRcode()).isEqualTo(Rcode.NOERROR);
                assertThat(forward.getSection(Section.ANSWER)).containsExactly(
                        new ARecord(BOOTSTRAPPER, DClass.IN, 60, InetAddress.getByName("172.31.31.48")));
                assertThat(forward.getSection(Section.ADDITIONAL)).containsExactly(
                        new TXTRecord(BOOTSTRAPPER, DClass.IN, 60, "tag:Class=test"),
                        new TXTRecord(BOOTSTRAPPER, DClass.IN, 60, "id=i-d20eee82"),
                        new TXTRecord(BOOTSTRAPPER, DClass.IN, 60, "key_name=bootstrapper"));
                assertThat(reverse.getSection(Section.ANSWER)).containsExactly(new PTRRecord(
                        Name.fromString("48.31.31.172.in-addr.arpa."), DClass.IN, 60, BOOTSTRAPPER));
                assertThat(ec2.requests()).allSatisfy(request -> assertThat(request).containsEntry("Action", "DescribeInstances"));
            }
        }
    }

    @Test
    void convertPrintsTheEquivalentChainWithoutTheSecretKey() throws Exception {
        Path ini = Files.writeString(work.resolve("awsdns.ini"), README_INI);

        Run run = run("convert", ini.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).doesNotContain("wJalrXUtnFEMI").doesNotContain("AKIAIOSFODNN7EXAMPLE");
        assertThat(run.out()).contains("credentials: default", "- cache: {}", "- 10.0.0.2", "- NXDOMAIN",
                "key: tag:Name", "key: private_ip_address", "- key_name");
        // the printed YAML is itself a valid configuration
        Path yaml = Files.writeString(work.resolve("converted.yaml"), run.out());
        Run check = run("check", "--config", yaml.toString());
        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(check.out()).containsSubsequence("1. cache", "2. forward", "3. ec2-forward", "4. ec2-reverse", "5. txt-extra");
    }

    @Test
    void convertWritesTheKeysOnlyWhenAskedAndCheckNeverShowsThem() throws Exception {
        Path ini = Files.writeString(work.resolve("awsdns.ini"), README_INI);

        Run convert = run("convert", "--include-secrets", ini.toString());
        Run check = run("check", "--config", ini.toString());

        assertThat(convert.out()).contains("secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(check.out() + check.err()).doesNotContain("wJalrXUtnFEMI").doesNotContain("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void mistakesInTheIniNameTheirLine() throws Exception {
        Path ini = Files.writeString(work.resolve("awsdns.ini"), README_INI.replace("aws_region", "aws_regoin"));

        assertThatThrownBy(() -> AwsdnsServer.builder().configFile(ini).start())
                .isInstanceOf(ConfigException.class)
                .hasMessage(ini + ":5: unknown key 'aws_regoin'; known keys: [autorefresh, aws_access_key_id, "
                        + "aws_region, aws_secret_access_key, dns_server, extra, forward, loglevel, reverse, ttl]");
    }

    @Test
    void aMalformedSecretLineInTheIniIsNotQuoted() throws Exception {
        Path ini = Files.writeString(work.resolve("awsdns.ini"), README_INI.replace(
                "aws_secret_access_key = ", "aws_secret_access_key "));

        Run check = run("check", "--config", ini.toString());
        Run convert = run("convert", ini.toString());

        assertThat(check.err().strip()).isEqualTo(ini + ":4: expected 'key = value', got a line about "
                + "aws_secret_access_key (not shown: a secret)");
        assertThat(convert.err().strip()).isEqualTo(check.err().strip());
        assertThat(check.out() + check.err() + convert.out() + convert.err()).doesNotContain("wJalrXUtnFEMI");
    }

    @Test
    void theAncestorsLookupPlacesComeLast() throws Exception {
        Path cwd = Files.createDirectories(work.resolve("cwd"));
        Path home = Files.createDirectories(work.resolve("home"));
        Path etc = Files.createDirectories(work.resolve("etc"));
        ConfigLocator locator = new ConfigLocator(Map.of(), cwd, home, etc.resolve("awsdns"));

        Files.writeString(home.resolve("awsdns.ini"), README_INI);
        assertThat(locator.locate(java.util.Optional.empty())).isEqualTo(home.resolve("awsdns.ini"));
        Files.writeString(etc.resolve("awsdns.ini"), README_INI);
        assertThat(locator.locate(java.util.Optional.empty())).isEqualTo(etc.resolve("awsdns.ini"));
        Files.writeString(cwd.resolve("awsdns.ini"), README_INI);
        assertThat(locator.locate(java.util.Optional.empty())).isEqualTo(cwd.resolve("awsdns.ini"));
        Files.writeString(home.resolve(".awsdns.yaml"), "servers: []");
        assertThat(locator.locate(java.util.Optional.empty())).isEqualTo(home.resolve(".awsdns.yaml"));
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {}
}
