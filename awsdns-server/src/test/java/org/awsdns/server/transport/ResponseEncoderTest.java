package org.awsdns.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awsdns.server.transport.TestPlugins.a;

import java.io.IOException;
import java.util.List;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ResponseEncoderTest {
    private final ResponseEncoder encoder = new ResponseEncoder(1232);

    @Test
    void dropsAdditionalRecordsWithoutSettingTc() throws IOException {
        Message request = Queries.builder("www.example.com.", Type.A).edns(512).message();
        Response response = Query.builder(request).build().response();
        response.addAnswer(a("www.example.com.", "192.0.2.1"));
        List<Record> glue = TestPlugins.HugeRRset.expected("glue.example.com.", 40);
        glue.forEach(response::addAdditional);

        Message reply = new Message(encoder.encode(request, response, 512));

        assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(reply.getSection(Section.ANSWER)).containsExactly(a("www.example.com.", "192.0.2.1"));
        // the glue RRset does not fit whole: it goes, the OPT record stays
        assertThat(reply.getSection(Section.ADDITIONAL)).containsExactly(reply.getOPT());
    }

    @Test
    void keepsWholeRRsetsWhenTruncatingTheAnswer() throws IOException {
        Message request = Queries.message("www.example.com.", Type.A);
        Response response = Query.builder(request).build().response();
        response.addAnswer(a("www.example.com.", "192.0.2.1"));
        TestPlugins.HugeRRset.expected("big.example.com.", 40).forEach(response::addAnswer);

        Message reply = new Message(encoder.encode(request, response, 512));

        assertThat(reply.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(reply.getSection(Section.ANSWER)).containsExactly(a("www.example.com.", "192.0.2.1"));
    }

    @Test
    void copiesRdAndCdAndSetsRa() throws IOException {
        Message request = Queries.message("www.example.com.", Type.A);
        request.getHeader().setFlag(Flags.CD);
        Response response = Query.builder(request).build().response();
        response.recursionAvailable(true).rcode(Rcode.NXDOMAIN);

        Message reply = new Message(encoder.encode(request, response, 512));

        assertThat(reply.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.CD)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.RA)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }
}
