package org.awsdns.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The per-thread table of parsed questions: what it keeps, and when. */
class QuestionCacheTest {

    @Test
    void aQuestionIsKeptOnItsSecondMissAndSharedFromTheThird() throws Exception {
        byte[] question = wire("kept-on-second-miss.example.", Type.AAAA);

        Record first = QuestionCache.question(question, 0, question.length);
        Record second = QuestionCache.question(question, 0, question.length);
        Record third = QuestionCache.question(question, 0, question.length);

        assertThat(first).isEqualTo(Record.newRecord(Name.fromString("kept-on-second-miss.example."), Type.AAAA, DClass.IN));
        assertThat(second).as("asked once, a question passes through").isEqualTo(first).isNotSameAs(first);
        assertThat(third).as("asked again, it has the slot").isSameAs(second);
    }

    @Test
    void theLetterCaseOfTheQuestionIsItsOwn() throws Exception {
        byte[] lower = wire("mixed-case.example.", Type.A);
        byte[] upper = wire("MIXED-case.example.", Type.A);
        for (int i = 0; i < 2; i++) {
            QuestionCache.question(lower, 0, lower.length);
        }

        Record asked = QuestionCache.question(upper, 0, upper.length);

        assertThat(asked.getName().toString()).isEqualTo("MIXED-case.example.");
    }

    @Test
    void aQuestionCutShortIsRefused() throws Exception {
        byte[] question = wire("trailing.example.", Type.A);

        assertThat(QuestionCache.question(question, 0, question.length - 1)).isNull();
    }

    private static byte[] wire(String name, int type) throws Exception {
        return Record.newRecord(Name.fromString(name), type, DClass.IN).toWire(Section.QUESTION);
    }
}
