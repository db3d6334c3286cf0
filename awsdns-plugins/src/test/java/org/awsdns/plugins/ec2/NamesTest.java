package org.awsdns.plugins.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.awsdns.plugins.ec2.inventory.Addresses;
import org.awsdns.plugins.ec2.inventory.DnsNames;
import org.awsdns.plugins.ec2.reverse.ReverseNames;
import org.awsdns.plugins.ec2.txt.Rfc1464;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The name rule, strict reverse names, address text and RFC 1464 TXT data. */
class NamesTest {

    @Test
    void normalisesTagValuesIntoNames() {
        assertThat(DnsNames.normalize("bootstrapper-test")).isEqualTo("bootstrapper-test");
        assertThat(DnsNames.normalize("Build Server 01")).isEqualTo("build-server-01");
        assertThat(DnsNames.normalize("db.Primary")).isEqualTo("db.primary");
        assertThat(DnsNames.normalize("web_1 (old)")).isEqualTo("web-1--old-");
        assertThat(DnsNames.normalize("café")).isEqualTo("caf-");
        assertThat(DnsNames.normalize("a😀b")).isEqualTo("a-b");
        assertThat(DnsNames.normalize("x".repeat(63))).isEqualTo("x".repeat(63));
    }

    @Test
    void skipsValuesThatCannotBecomeNames() {
        assertThat(DnsNames.normalize("")).isNull();
        assertThat(DnsNames.normalize(".web")).isNull();
        assertThat(DnsNames.normalize("web.")).isNull();
        assertThat(DnsNames.normalize("web..1")).isNull();
        assertThat(DnsNames.normalize("x".repeat(64))).isNull();
        String longName = String.join(".", java.util.Collections.nCopies(5, "x".repeat(60)));
        assertThat(DnsNames.toName(longName, Name.fromConstantString("demo.internal."))).isNull();
        assertThat(DnsNames.toName("Web 1", Name.fromConstantString("demo.internal.")))
                .hasToString("web-1.demo.internal.");
        assertThat(DnsNames.toName("web-1", Name.root)).hasToString("web-1.");
    }

    @Test
    void makesTheNamesTextParsingWouldMake() throws Exception {
        Name zone = Name.fromConstantString("demo.internal.");
        List<String> values = new java.util.ArrayList<>(List.of("web-1", "Web Server 1", "db.Primary", "a", "a.b.c.d",
                "x".repeat(63), "x".repeat(63) + "." + "y".repeat(63)));
        for (int last = 40; last <= 63; last++) { // wire length 239 to 262: around the 255-byte limit
            values.add("x".repeat(60) + "." + "y".repeat(60) + "." + "z".repeat(60) + "." + "w".repeat(last));
        }
        for (String value : values) {
            Name expected;
            try {
                expected = Name.concatenate(Name.fromString(DnsNames.normalize(value)), zone);
            } catch (org.xbill.DNS.NameTooLongException e) {
                expected = null;
            }
            Name actual = DnsNames.toName(value, zone);
            assertThat(actual).as(value).isEqualTo(expected);
            if (expected != null) {
                assertThat(actual.toString()).isEqualTo(expected.toString());
                assertThat(actual.labels()).isEqualTo(expected.labels());
            }
        }
    }

    @Test
    void parsesOnlyStrictReverseNames() throws Exception {
        assertThat(ReverseNames.parse(name("48.31.31.172.in-addr.arpa."))).isEqualTo(InetAddress.getByName("172.31.31.48"));
        assertThat(ReverseNames.parse(name("0.0.0.10.in-addr.arpa."))).isEqualTo(InetAddress.getByName("10.0.0.0"));
        InetAddress ipv6 = InetAddress.getByName("2600:1f18:2d0:7a00::12");
        assertThat(ReverseNames.parse(ReverseMap.fromAddress(ipv6))).isEqualTo(ipv6);
        assertThat(ReverseNames.parse(name(ReverseMap.fromAddress(ipv6).toString().toUpperCase()))).isEqualTo(ipv6);

        for (String bad : List.of("048.31.31.172.in-addr.arpa.", "256.31.31.172.in-addr.arpa.",
                "31.31.172.in-addr.arpa.", "1.48.31.31.172.in-addr.arpa.", "-1.31.31.172.in-addr.arpa.",
                "a.31.31.172.in-addr.arpa.", "48.31.31.172.in-addr.arpa.example.", "in-addr.arpa.",
                "2.1.ip6.arpa.", "48.31.31.172.ip6.arpa.")) {
            assertThat(ReverseNames.parse(name(bad))).as(bad).isNull();
        }
        String tooWide = ReverseMap.fromAddress(ipv6).toString().replaceFirst("^2\\.", "12.");
        assertThat(ReverseNames.parse(name(tooWide))).isNull();
        String notHex = ReverseMap.fromAddress(ipv6).toString().replaceFirst("^2\\.", "g.");
        assertThat(ReverseNames.parse(name(notHex))).isNull();
    }

    @Test
    void makesReverseNamesAsReverseMapDoes() throws Exception {
        for (String text : List.of("10.0.0.1", "0.0.0.0", "255.255.255.255", "172.31.9.100", "10.20.99.5",
                "fd00:ec2::12", "2001:db8::ff00:42:8329", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")) {
            InetAddress address = InetAddress.getByName(text);
            Name name = ReverseNames.of(address);
            assertThat(name).as(text).isEqualTo(ReverseMap.fromAddress(address));
            assertThat(name.toString()).as(text).isEqualTo(ReverseMap.fromAddress(address).toString());
            assertThat(ReverseNames.parse(name)).as(text).isEqualTo(address);
        }
    }

    @Test
    void writesAddressesAsAwsDoes() throws Exception {
        assertThat(Addresses.toText(InetAddress.getByName("fd00:ec2:0:0:0:0:0:12"))).isEqualTo("fd00:ec2::12");
        assertThat(Addresses.toText(InetAddress.getByName("2001:db8:0:1:0:0:0:1"))).isEqualTo("2001:db8:0:1::1");
        assertThat(Addresses.toText(InetAddress.getByName("2001:db8:0:1:1:1:1:1"))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Addresses.toText(InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(Addresses.parseIpv4("10.0.0.01")).isNull();
        assertThat(Addresses.parseIpv4("10.0.0.256")).isNull();
        for (String bad : List.of("", ".", "10.0.0", "10.0.0.1.", ".10.0.0.1", "10..0.1", "10.0.0.1.5", "10.0.0.a",
                "10.0.0.-1", "1000.0.0.1", "10.0.0.1 ", "00.0.0.1")) {
            assertThat(Addresses.parseIpv4(bad)).as(bad).isNull();
        }
        for (String good : List.of("10.0.0.1", "0.0.0.0", "255.255.255.255", "172.31.9.100", "1.22.133.4")) {
            assertThat(Addresses.parseIpv4(good)).as(good).isEqualTo(InetAddress.getByName(good));
        }
        assertThat(Addresses.parseIpv6("example.com")).isNull();
    }

    @Test
    void quotesAttributeNamesAsRfc1464() {
        assertThat(Rfc1464.quoteAttribute("tag:Class")).isEqualTo("tag:Class");
        assertThat(Rfc1464.quoteAttribute("a=b")).isEqualTo("a`=b");
        assertThat(Rfc1464.quoteAttribute("back`tick")).isEqualTo("back``tick");
        assertThat(Rfc1464.quoteAttribute(" padded ")).isEqualTo("` padded` ");
    }

    @Test
    void keepsBackslashesAndQuotesOfValuesAsBytes() {
        TXTRecord record = txt(Rfc1464.rdata("tag:Path", "C:\\temp \"x\""));

        assertThat(record.getStringsAsByteArrays()).extracting(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .containsExactly("tag:Path=C:\\temp \"x\"");
    }

    @Test
    void splitsLongValuesIntoStringsOfAtMost255Bytes() {
        String value = "é".repeat(300); // 600 bytes of UTF-8
        TXTRecord record = txt(Rfc1464.rdata("tag:Long", value));

        List<byte[]> strings = record.getStringsAsByteArrays();
        assertThat(strings).hasSizeGreaterThan(2).allSatisfy(bytes -> assertThat(bytes.length).isLessThanOrEqualTo(255));
        StringBuilder joined = new StringBuilder();
        for (byte[] bytes : strings) {
            joined.append(new String(bytes, StandardCharsets.UTF_8)); // each string is whole UTF-8
        }
        assertThat(joined.toString()).isEqualTo("tag:Long=" + value);
    }

    private static TXTRecord txt(byte[] rdata) {
        return (TXTRecord) Record.newRecord(Name.fromConstantString("x.demo.internal."), Type.TXT, DClass.IN, 60, rdata);
    }

    private static Name name(String text) {
        return Name.fromConstantString(text);
    }
}
