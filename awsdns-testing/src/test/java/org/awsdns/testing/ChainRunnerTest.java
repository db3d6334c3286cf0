package org.awsdns.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awsdns.testing.DnsAssertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.Plugin;
import org.awsdns.core.Response;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class ChainRunnerTest {

    @Test
    void endsAnUnansweredQueryWithNxdomainAsTheServerDoes() {
        Plugin pass = (query, next) -> next.proceed(query);
        try (ChainRunner chain = ChainRunner.of("pass", pass)) {
            assertThat(chain.run("nothing.test.", Type.A)).isNxdomain().wasAnsweredBy(null);
        }
    }

    @Test
    void waitsForAStageCompletedLaterOnAnotherThread() {
        try (TestPluginContext context = TestPluginContext.create("later")) {
            Plugin later = (query, next) -> CompletableFuture.supplyAsync(() -> {
                query.response().addAnswer(Records.record("later.test. 30 IN A 10.0.0.9"));
                return query.response();
            }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS, context.executor()));
            try (ChainRunner chain = ChainRunner.of("later", later)) {
                Response response = chain.run("later.test.", Type.A);

                assertThat(response).isNoerror().hasAnswer("later.test. 30 IN A 10.0.0.9").hasAuthority().wasAnsweredBy("later");
            }
        }
    }

    @Test
    void namesTheFailingPlugin() {
        Plugin broken = (query, next) -> {
            throw new IllegalStateException("broken on purpose");
        };
        try (ChainRunner chain = ChainRunner.builder().add("broken", broken).build()) {
            assertThat(chain.failure(Queries.query("x.test.", Type.A)).pluginName()).isEqualTo("broken");
            assertThatThrownBy(() -> chain.run("x.test.", Type.A)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("broken on purpose");
        }
    }

    @Test
    void failsWhenAStageNeverCompletes() {
        Plugin stuck = (query, next) -> new CompletableFuture<>();
        try (ChainRunner chain = ChainRunner.builder().add("stuck", stuck).timeout(Duration.ofMillis(100)).build()) {
            assertThatThrownBy(() -> chain.run("x.test.", Type.A)).hasMessageContaining("did not complete");
        }
    }

    @Test
    void sectionAssertionsFailOnAMissingOrExtraRecord() {
        Plugin answer = (query, next) -> {
            query.response().addAnswer(Records.record("a.test. 60 IN A 10.0.0.1"));
            return query.response().complete();
        };
        try (ChainRunner chain = ChainRunner.of("answer", answer)) {
            Response response = chain.run("a.test.", Type.A);

            assertThatThrownBy(() -> assertThat(response).hasAnswer("a.test. 60 IN A 10.0.0.1", "a.test. 60 IN A 10.0.0.2"))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("answer section");
            assertThatThrownBy(() -> assertThat(response).hasAnswer("a.test. 30 IN A 10.0.0.1"))
                    .isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> assertThat(response).isNxdomain())
                    .isInstanceOf(AssertionError.class).hasMessageContaining("NXDOMAIN");
        }
    }
}
