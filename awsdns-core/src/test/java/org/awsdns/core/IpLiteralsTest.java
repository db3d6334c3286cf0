package org.awsdns.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpLiteralsTest {
    @Test
    void parsesDottedQuadsAndIpv6() throws Exception {
        assertThat(IpLiterals.parse("10.0.0.2")).isEqualTo(InetAddress.getByName("10.0.0.2"));
        assertThat(IpLiterals.parse("255.255.255.255")).isEqualTo(InetAddress.getByName("255.255.255.255"));
        assertThat(IpLiterals.parse("fd00:ec2::253")).isEqualTo(InetAddress.getByName("fd00:ec2::253"));
        assertThat(IpLiterals.parse("::ffff:10.0.0.1")).isEqualTo(InetAddress.getByName("10.0.0.1"));
    }

    @Test
    void refusesShorthandsNamesAndZoneIndexes() {
        for (String text : new String[] {"10.1", "10.0.0", "010.0.0.1", "10.0.0.256", "10.0.0.1.", "1e2.0.0.1",
                "localhost", "example.com", "fe80::1%eth0", "", " 10.0.0.1", "::g"}) {
            assertThat(IpLiterals.parse(text)).as(text).isNull();
        }
    }

    @Test
    void formatsIpv6AsRfc5952() throws Exception {
        String[][] cases = {
                {"0:0:0:0:0:0:0:1", "::1"}, {"0:0:0:0:0:0:0:0", "::"}, {"FD00:0:0:0:0:0:0:10", "fd00::10"},
                {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"}, {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
                {"2001:0db8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1"}, {"1:0:0:0:0:0:0:0", "1::"},
                {"10.0.0.1", "10.0.0.1"}};
        for (String[] pair : cases) {
            assertThat(IpLiterals.format(InetAddress.getByName(pair[0]))).as(pair[0]).isEqualTo(pair[1]);
        }
        assertThat(IpLiterals.format(new java.net.InetSocketAddress(InetAddress.getByName("::1"), 53))).isEqualTo("[::1]:53");
    }
}
