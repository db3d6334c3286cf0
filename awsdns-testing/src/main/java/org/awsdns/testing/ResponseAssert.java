package org.awsdns.testing;

import java.util.List;
import org.assertj.core.api.Assertions;
import org.awsdns.core.Response;
import org.xbill.DNS.Record;

/** Assertions on a chain's {@link Response}; start with {@link DnsAssertions#assertThat(Response)}. */
public final class ResponseAssert extends AbstractSectionsAssert<ResponseAssert, Response> {

    ResponseAssert(Response actual) {
        super(actual, ResponseAssert.class);
    }

    /** The plugin that first set an rcode or answer; {@code null} for the end of the chain. */
    public ResponseAssert wasAnsweredBy(String pluginName) {
        isNotNull();
        Assertions.assertThat(actual.answeredBy()).as("plugin that answered %s", actual).isEqualTo(pluginName);
        return this;
    }

    /** A plugin asked for no reply (an ACL's drop). */
    public ResponseAssert isNoReply() {
        isNotNull();
        Assertions.assertThat(actual.isNoReply()).as("no reply asked for %s", actual).isTrue();
        return this;
    }

    public ResponseAssert isRecursionAvailable() {
        isNotNull();
        Assertions.assertThat(actual.recursionAvailable()).as("RA flag of %s", actual).isTrue();
        return this;
    }

    @Override
    protected int rcode() {
        return actual.rcode();
    }

    @Override
    protected boolean authoritativeFlag() {
        return actual.authoritative();
    }

    @Override
    protected List<Record> answerSection() {
        return actual.answer();
    }

    @Override
    protected List<Record> authoritySection() {
        return actual.authority();
    }

    @Override
    protected List<Record> additionalSection() {
        return actual.additional();
    }
}
