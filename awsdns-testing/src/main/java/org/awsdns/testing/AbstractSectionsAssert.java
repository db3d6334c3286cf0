package org.awsdns.testing;

import java.util.List;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * Assertions on a DNS answer section by section. Expected records are written as lines
 * ({@link Records}), TTL included; each section is compared whole, in any order.
 */
public abstract class AbstractSectionsAssert<SELF extends AbstractSectionsAssert<SELF, ACTUAL>, ACTUAL>
        extends AbstractAssert<SELF, ACTUAL> {

    protected AbstractSectionsAssert(ACTUAL actual, Class<?> selfType) {
        super(actual, selfType);
    }

    protected abstract int rcode();

    protected abstract boolean authoritativeFlag();

    protected abstract List<Record> answerSection();

    protected abstract List<Record> authoritySection();

    protected abstract List<Record> additionalSection();

    /** The rcode, an {@link Rcode} constant; compared by name so a failure reads NXDOMAIN, not 3. */
    public SELF hasRcode(int expected) {
        isNotNull();
        Assertions.assertThat(Rcode.string(rcode())).as("rcode of %s", actual).isEqualTo(Rcode.string(expected));
        return myself;
    }

    public SELF isNoerror() {
        return hasRcode(Rcode.NOERROR);
    }

    public SELF isNxdomain() {
        return hasRcode(Rcode.NXDOMAIN).hasEmptyAnswer();
    }

    /** NOERROR with an empty answer: the name exists with other types. */
    public SELF isNodata() {
        return hasRcode(Rcode.NOERROR).hasEmptyAnswer();
    }

    public SELF isServfail() {
        return hasRcode(Rcode.SERVFAIL);
    }

    public SELF isRefused() {
        return hasRcode(Rcode.REFUSED);
    }

    public SELF isAuthoritative() {
        isNotNull();
        Assertions.assertThat(authoritativeFlag()).as("AA flag of %s", actual).isTrue();
        return myself;
    }

    public SELF isNotAuthoritative() {
        isNotNull();
        Assertions.assertThat(authoritativeFlag()).as("AA flag of %s", actual).isFalse();
        return myself;
    }

    /** The answer section is exactly these records (lines), in any order. */
    public SELF hasAnswer(String... lines) {
        return section("answer", answerSection(), lines);
    }

    public SELF hasEmptyAnswer() {
        return section("answer", answerSection());
    }

    /** The authority section is exactly these records (lines), in any order. */
    public SELF hasAuthority(String... lines) {
        return section("authority", authoritySection(), lines);
    }

    /** The additional section (OPT left out) is exactly these records (lines), in any order. */
    public SELF hasAdditional(String... lines) {
        return section("additional", additionalSection(), lines);
    }

    /** The answer section in the order given: for answers whose order is part of the contract. */
    public SELF hasAnswerInOrder(String... lines) {
        isNotNull();
        Assertions.assertThat(Records.lines(answerSection())).as("answer section of %s", actual)
                .containsExactly(Records.normalize(lines).toArray(String[]::new));
        return myself;
    }

    private SELF section(String name, List<Record> records, String... lines) {
        isNotNull();
        Assertions.assertThat(Records.lines(records)).as("%s section of %s", name, actual)
                .containsExactlyInAnyOrderElementsOf(Records.normalize(lines));
        return myself;
    }
}
