package org.awsdns.plugins.cache;

import static org.awsdns.testing.DnsAssertions.assertThat;

import org.awsdns.core.AttributeKey;
import org.awsdns.core.Plugin;
import org.awsdns.testing.ChainRunner;
import org.awsdns.testing.Records;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** What a plugin before the cache leaves on the query reaches the plugins after it, on a miss. */
class CacheKeepsAttributesTest {
    private static final AttributeKey<String> VIEW = AttributeKey.of("view", String.class);

    @Test
    void pluginsBelowTheCacheSeeAttributesSetAboveIt() {
        Plugin setsView = (query, next) -> {
            query.setAttribute(VIEW, "office");
            return next.proceed(query);
        };
        Plugin answersByView = (query, next) -> {
            String view = query.attribute(VIEW);
            query.response().addAnswer(Records.record("who.test. 60 IN TXT \"" + view + "\""));
            return query.response().complete();
        };
        try (TestPluginContext context = TestPluginContext.create("cache");
                ChainRunner chain = ChainRunner.builder()
                        .add("view", setsView)
                        .add(new CachePluginFactory(), new CacheConfig(null, null, null, null, null, null, null, null, null), context)
                        .add("answer", answersByView)
                        .build()) {
            assertThat(chain.run("who.test.", Type.TXT)).isNoerror().hasAnswer("who.test. 60 IN TXT \"office\"");
        }
    }
}
