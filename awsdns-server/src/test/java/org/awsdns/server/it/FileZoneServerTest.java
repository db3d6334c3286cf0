package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.testing.Await;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The {@code file} plugin inside the real server: a zone file answered over UDP, and followed when edited. */
class FileZoneServerTest {
    private static final String ZONE = """
            $ORIGIN demo.internal.
            $TTL 300
            @       IN SOA  ns1 hostmaster (%d 7200 1800 1209600 60)
                    IN NS   ns1
                    IN MX   10 mail
            ns1     IN A    10.0.0.2
            mail    IN A    10.0.0.25
            lb      IN CNAME internal-web-123.us-east-1.elb.amazonaws.com.
            www     IN CNAME mail
            _ldap._tcp IN SRV 0 5 389 mail
            """;

    @TempDir
    Path work;

    @Test
    void answersCnameMxAndSrvFromAZoneFileAndFollowsAnEdit() throws Exception {
        Path zoneFile = work.resolve("db.demo.internal");
        write(zoneFile, ZONE.formatted(1));
        String yaml = """
                servers:
                  - listen: ["127.0.0.1:0"]
                    zones: ["demo.internal."]
                    plugins:
                      - file: {path: "%s", reload: 100ms}
                """.formatted(zoneFile);
        try (AwsdnsServer server = AwsdnsServer.fromYaml(yaml)) {
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));

            Message lb = client.udp(Queries.message("lb.demo.internal.", Type.A));
            assertThat(lb.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(lb.getHeader().getFlag(Flags.AA)).isTrue();
            assertThat(lb.getSection(Section.ANSWER)).containsExactly(new CNAMERecord(name("lb.demo.internal."),
                    DClass.IN, 300, name("internal-web-123.us-east-1.elb.amazonaws.com.")));

            Message www = client.udp(Queries.message("www.demo.internal.", Type.A));
            assertThat(www.getSection(Section.ANSWER)).containsExactly(
                    new CNAMERecord(name("www.demo.internal."), DClass.IN, 300, name("mail.demo.internal.")),
                    a("mail.demo.internal.", "10.0.0.25"));

            Message mx = client.udp(Queries.message("demo.internal.", Type.MX));
            assertThat(mx.getSection(Section.ANSWER)).containsExactly(
                    new MXRecord(name("demo.internal."), DClass.IN, 300, 10, name("mail.demo.internal.")));
            assertThat(mx.getSection(Section.ADDITIONAL)).containsExactly(a("mail.demo.internal.", "10.0.0.25"));

            Message srv = client.udp(Queries.message("_ldap._tcp.demo.internal.", Type.SRV));
            assertThat(srv.getSection(Section.ANSWER)).containsExactly(
                    new SRVRecord(name("_ldap._tcp.demo.internal."), DClass.IN, 300, 0, 5, 389, name("mail.demo.internal.")));
            assertThat(srv.getSection(Section.ADDITIONAL)).containsExactly(a("mail.demo.internal.", "10.0.0.25"));

            Message missing = client.udp(Queries.message("nope.demo.internal.", Type.A));
            assertThat(missing.getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(missing.getHeader().getFlag(Flags.AA)).isTrue();
            assertThat(missing.getSection(Section.AUTHORITY)).singleElement()
                    .isInstanceOfSatisfying(SOARecord.class, soa -> assertThat(soa.getTTL()).isEqualTo(60));

            Message nodata = client.udp(Queries.message("mail.demo.internal.", Type.AAAA));
            assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
            assertThat(nodata.getSection(Section.AUTHORITY)).hasSize(1);

            // an edit: the file is replaced by a new version, as a deploy tool does
            Path edited = work.resolve("db.demo.internal.new");
            write(edited, ZONE.formatted(2).replace("10.0.0.25", "10.0.0.26"));
            Files.move(edited, zoneFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Await.untilAsserted(Duration.ofSeconds(30), () ->
                    assertThat(client.udp(Queries.message("mail.demo.internal.", Type.A)).getSection(Section.ANSWER))
                            .containsExactly(a("mail.demo.internal.", "10.0.0.26")));
        }
    }

    @Test
    void passesNamesTheFileDoesNotHaveOnWithFallthrough() throws Exception {
        Path zoneFile = work.resolve("db.demo.internal");
        write(zoneFile, ZONE.formatted(1));
        String yaml = """
                servers:
                  - listen: ["127.0.0.1:0"]
                    zones: ["demo.internal."]
                    plugins:
                      - file: {path: "%s", fallthrough: true}
                      - hosts: {entries: ["10.0.0.40 web-1.demo.internal"]}
                """.formatted(zoneFile);
        try (AwsdnsServer server = AwsdnsServer.fromYaml(yaml)) {
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));

            assertThat(client.udp(Queries.message("web-1.demo.internal.", Type.A)).getSection(Section.ANSWER))
                    .containsExactly(a("web-1.demo.internal.", "10.0.0.40", 3600));
            assertThat(client.udp(Queries.message("mail.demo.internal.", Type.A)).getSection(Section.ANSWER))
                    .containsExactly(a("mail.demo.internal.", "10.0.0.25"));
        }
    }

    private static ARecord a(String name, String address) throws Exception {
        return a(name, address, 300);
    }

    private static ARecord a(String name, String address, long ttl) throws Exception {
        return new ARecord(name(name), DClass.IN, ttl, InetAddress.getByName(address));
    }

    private static Name name(String text) throws Exception {
        return Name.fromString(text);
    }

    private static void write(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
