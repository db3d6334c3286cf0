package org.awsdns.server.tls;

import java.io.IOException;
import java.util.OptionalLong;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** The smallest TTL of a reply's answer and authority records: how long an HTTP cache may keep it. */
final class MinimumTtl {
    private MinimumTtl() {}

    static OptionalLong of(byte[] reply) {
        Message message;
        try {
            message = new Message(reply);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        long minimum = Long.MAX_VALUE;
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
            for (Record record : message.getSection(section)) {
                minimum = Math.min(minimum, record.getTTL());
            }
        }
        return minimum == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(minimum);
    }
}
