package org.awsdns.plugins.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awsdns.testing.Queries.query;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.Chain;
import org.awsdns.core.NamedPlugin;
import org.awsdns.core.Pipeline;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginFailure;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.plugins.hosts.HostsConfig;
import org.awsdns.plugins.hosts.HostsFactory;
import org.awsdns.testing.ChainRunner;
import org.awsdns.testing.Queries;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class LogPluginTest {
    private static final String DURATION = "\\d+\\.\\d\\dms";

    private final Logger queryLogger = (Logger) LoggerFactory.getLogger(LogFactory.LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final TestPluginContext context = TestPluginContext.builder("log").systemClock().build();
    private Level previousLevel;
    private Plugin hosts;

    @BeforeEach
    void captureQueryLog() throws Exception {
        previousLevel = queryLogger.getLevel();
        queryLogger.setLevel(Level.INFO);
        appender.start();
        queryLogger.addAppender(appender);
        hosts = new HostsFactory().create(
                new HostsConfig(List.of("10.0.0.10 bootstrapper-test.demo.internal"), null, null, null), context);
    }

    @AfterEach
    void restoreQueryLog() {
        queryLogger.detachAppender(appender);
        queryLogger.setLevel(previousLevel);
        hosts.close();
        context.close();
    }

    @Test
    void logsOneLineWithEveryFieldForAnAnsweredQuery() {
        Response response = run(new LogConfig(null), query("bootstrapper-test.demo.internal.", Type.A));

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getLoggerName()).isEqualTo("awsdns.query");
            assertThat(event.getFormattedMessage()).matches(
                    "127\\.0\\.0\\.1:53211 udp bootstrapper-test\\.demo\\.internal\\. A NOERROR " + DURATION
                            + " answered_by=hosts answers=1");
        });
    }

    @Test
    void logsEndOfChainDecisionWithoutAnsweringPlugin() {
        run(new LogConfig(null), query("unknown.demo.internal.", Type.A));
        run(new LogConfig(null), query("bootstrapper-test.demo.internal.", Type.MX));

        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
                line -> assertThat(line).matches("127\\.0\\.0\\.1:53211 udp unknown\\.demo\\.internal\\. A NXDOMAIN "
                        + DURATION + " answered_by=- answers=0"),
                line -> assertThat(line).matches("127\\.0\\.0\\.1:53211 udp bootstrapper-test\\.demo\\.internal\\. MX "
                        + "NOERROR " + DURATION + " answered_by=- answers=0"));
    }

    @Test
    void logsIpv6ClientInBracketsTransportAndTimeSinceReceipt() {
        Query query = Queries.builder("bootstrapper-test.demo.internal.", Type.AAAA)
                .client(new InetSocketAddress("::1", 40000))
                .tcp()
                .receivedNanos(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(7))
                .build();

        run(new LogConfig(null), query);

        String line = appender.list.get(0).getFormattedMessage();
        assertThat(line).startsWith("[::1]:40000 tcp bootstrapper-test.demo.internal. AAAA NOERROR ");
        double millis = Double.parseDouble(line.split(" ")[5].replace("ms", ""));
        assertThat(millis).isGreaterThanOrEqualTo(7.0).isLessThan(10_000.0);
    }

    @Test
    void logsADroppedQueryAsDroppedWithTheDroppingPlugin() {
        Plugin acl = (query, next) -> query.response().noReply();

        ChainRunner.runOnce(query("bootstrapper-test.demo.internal.", Type.ANY),
                new NamedPlugin("log", new LogFactory().create(new LogConfig(List.of("error")), context)),
                new NamedPlugin("acl", acl));

        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().satisfies(line ->
                assertThat(line).matches("127\\.0\\.0\\.1:53211 udp bootstrapper-test\\.demo\\.internal\\. ANY dropped "
                        + DURATION + " dropped_by=acl"));
    }

    @Test
    void logsFailureAsServfailWithFailingPluginAndPropagatesItUnchanged() {
        IllegalStateException boom = new IllegalStateException("boom");
        Plugin broken = (query, next) -> {
            throw boom;
        };
        CompletionStage<Response> stage = Pipeline.of(List.of(
                        new NamedPlugin("log", new LogFactory().create(new LogConfig(null), context)),
                        new NamedPlugin("broken", broken)))
                .execute(query("bootstrapper-test.demo.internal.", Type.A));

        assertThatThrownBy(() -> stage.toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(PluginFailure.class)
                .satisfies(failure -> assertThat(((PluginFailure) failure).pluginName()).isEqualTo("broken"))
                .hasCause(boom);
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .matches("127\\.0\\.0\\.1:53211 udp bootstrapper-test\\.demo\\.internal\\. A SERVFAIL " + DURATION
                        + " failed_by=broken error=java\\.lang\\.IllegalStateException: boom");
    }

    @Test
    void handsBackTheStageOfTheRestOfTheChainItself() {
        CompletableFuture<Response> failed = CompletableFuture.failedFuture(new PluginFailure("x", new RuntimeException()));
        Plugin log = new LogFactory().create(new LogConfig(null), context);

        assertThat(log.handle(query("a.demo.internal.", Type.A), query -> failed)).isSameAs(failed);
    }

    @Test
    void logsWhenAStageCompletesLater() {
        CompletableFuture<Response> later = new CompletableFuture<>();
        Plugin log = new LogFactory().create(new LogConfig(null), context);
        Query query = query("later.demo.internal.", Type.A);
        Chain next = q -> later;

        CompletionStage<Response> stage = log.handle(query, next);
        assertThat(appender.list).isEmpty();

        query.response().rcode(Rcode.REFUSED);
        later.complete(query.response());

        assertThat(stage.toCompletableFuture().join()).isSameAs(query.response());
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .matches("127\\.0\\.0\\.1:53211 udp later\\.demo\\.internal\\. A REFUSED " + DURATION
                        + " answered_by=- answers=0");
    }

    @Test
    void logsOnlySelectedClasses() {
        LogConfig denialAndError = new LogConfig(List.of("denial", "error"));
        run(denialAndError, query("bootstrapper-test.demo.internal.", Type.A));   // success
        run(denialAndError, query("unknown.demo.internal.", Type.A));             // NXDOMAIN: denial
        run(denialAndError, query("bootstrapper-test.demo.internal.", Type.TXT)); // NODATA: denial

        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
                line -> assertThat(line).contains(" unknown.demo.internal. A NXDOMAIN "),
                line -> assertThat(line).contains(" bootstrapper-test.demo.internal. TXT NOERROR "));

        appender.list.clear();
        run(new LogConfig(List.of("success")), query("unknown.demo.internal.", Type.A));
        run(new LogConfig(List.of("success")), query("bootstrapper-test.demo.internal.", Type.A));
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .contains(" bootstrapper-test.demo.internal. A NOERROR ");
    }

    @Test
    void logsNothingWhenQueryLoggerIsOffAndStillServes() {
        queryLogger.setLevel(Level.WARN);

        Response response = run(new LogConfig(null), query("bootstrapper-test.demo.internal.", Type.A));

        assertThat(response.answer()).hasSize(1);
        assertThat(appender.list).isEmpty();
    }

    @Test
    void rejectsUnknownOrEmptyClasses() {
        assertThat(new LogConfig(null).classes()).containsExactly("all");
        assertThatThrownBy(() -> new LogConfig(List.of("success", "denied")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("log: unknown class [denied], known classes [all, success, denial, error]");
        assertThatThrownBy(() -> new LogConfig(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one of [all, success, denial, error]");
    }

    @Test
    void bindsClassKeyFromConfig() throws Exception {
        ObjectMapper mapper = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        assertThat(mapper.readValue("{\"class\": [\"denial\", \"error\"]}", LogConfig.class))
                .isEqualTo(new LogConfig(List.of("denial", "error")));
        assertThat(mapper.readValue("{}", LogConfig.class)).isEqualTo(new LogConfig(List.of("all")));
        assertThatThrownBy(() -> mapper.readValue("{\"class\": [\"nope\"]}", LogConfig.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("unknown class [nope]");
    }

    private Response run(LogConfig config, Query query) {
        Plugin log = new LogFactory().create(config, context);
        return ChainRunner.runOnce(query, new NamedPlugin("log", log), new NamedPlugin("hosts", hosts));
    }
}
