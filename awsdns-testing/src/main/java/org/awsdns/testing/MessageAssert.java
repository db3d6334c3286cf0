package org.awsdns.testing;

import java.util.List;
import org.assertj.core.api.Assertions;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Assertions on a reply received over the wire; start with {@link DnsAssertions#assertThat(Message)}. */
public final class MessageAssert extends AbstractSectionsAssert<MessageAssert, Message> {

    MessageAssert(Message actual) {
        super(actual, MessageAssert.class);
    }

    /** The reply answers {@code query}: same ID, same question, QR set. */
    public MessageAssert answers(Message query) {
        isNotNull();
        Assertions.assertThat(actual.getHeader().getID()).as("ID of %s", actual).isEqualTo(query.getHeader().getID());
        Assertions.assertThat(actual.getQuestion()).as("question of %s", actual).isEqualTo(query.getQuestion());
        return hasFlag(Flags.QR);
    }

    /** A header flag ({@link Flags} constant) is set. */
    public MessageAssert hasFlag(int flag) {
        isNotNull();
        Assertions.assertThat(actual.getHeader().getFlag(flag)).as("%s flag of %s", Flags.string(flag), actual).isTrue();
        return this;
    }

    public MessageAssert hasNoFlag(int flag) {
        isNotNull();
        Assertions.assertThat(actual.getHeader().getFlag(flag)).as("%s flag of %s", Flags.string(flag), actual).isFalse();
        return this;
    }

    public MessageAssert isTruncated() {
        return hasFlag(Flags.TC);
    }

    public MessageAssert hasEdns() {
        isNotNull();
        Assertions.assertThat(actual.getOPT()).as("OPT record of %s", actual).isNotNull();
        return this;
    }

    @Override
    protected int rcode() {
        return actual.getRcode();
    }

    @Override
    protected boolean authoritativeFlag() {
        return actual.getHeader().getFlag(Flags.AA);
    }

    @Override
    protected List<Record> answerSection() {
        return actual.getSection(Section.ANSWER);
    }

    @Override
    protected List<Record> authoritySection() {
        return actual.getSection(Section.AUTHORITY);
    }

    @Override
    protected List<Record> additionalSection() {
        return actual.getSection(Section.ADDITIONAL).stream().filter(record -> record.getType() != Type.OPT).toList();
    }
}
