package org.awsdns.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class PipelineTest {
    private static final Name NAME = Name.fromConstantString("web.demo.internal.");
    private static final Record A = record();

    @Test
    void unansweredQueryBecomesNxdomainAtTheEnd() {
        Response response = run(Pipeline.of(List.of(named("pass", (query, next) -> next.proceed(query)))), Type.A);

        assertThat(response.rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(response.answer()).isEmpty();
        assertThat(response.answeredBy()).isNull();
    }

    @Test
    void knownNameWithoutTheTypeBecomesNodata() {
        Plugin marksName = (query, next) -> {
            query.response().markNameExists();
            return next.proceed(query);
        };

        Response response = run(Pipeline.of(List.of(named("marker", marksName))), Type.AAAA);

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.answer()).isEmpty();
    }

    @Test
    void unansweredQueryAfterAFailedUpstreamBecomesServfailNotNxdomain() {
        Plugin failedUpstream = (query, next) -> {
            query.response().markUpstreamFailed();
            return next.proceed(query);
        };
        Plugin pass = (query, next) -> next.proceed(query);

        Response response = run(Pipeline.of(List.of(named("forward", failedUpstream), named("ec2", pass))), Type.A);

        assertThat(response.rcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(response.answer()).isEmpty();
    }

    @Test
    void laterPluginStillAnswersOrMarksTheNameAfterAFailedUpstream() {
        Plugin failedUpstream = (query, next) -> {
            query.response().markUpstreamFailed();
            return next.proceed(query);
        };
        Plugin answers = (query, next) -> query.response().addAnswer(A).complete();
        Plugin marksName = (query, next) -> {
            query.response().markNameExists();
            return next.proceed(query);
        };

        Response answered = run(Pipeline.of(List.of(named("forward", failedUpstream), named("ec2", answers))), Type.A);
        Response nodata = run(Pipeline.of(List.of(named("forward", failedUpstream), named("ec2", marksName))), Type.AAAA);

        assertThat(answered.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answered.answer()).containsExactly(A);
        assertThat(answered.answeredBy()).isEqualTo("ec2");
        assertThat(nodata.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.answer()).isEmpty();
    }

    @Test
    void answeringPluginStopsTheChainAndIsCredited() {
        List<String> called = new ArrayList<>();
        Plugin answers = (query, next) -> {
            called.add("answers");
            return query.response().addAnswer(A).complete();
        };
        Plugin never = (query, next) -> {
            called.add("never");
            return next.proceed(query);
        };

        Response response = run(Pipeline.of(List.of(named("first", answers), named("second", never))), Type.A);

        assertThat(response.answer()).containsExactly(A);
        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.answeredBy()).isEqualTo("first");
        assertThat(called).containsExactly("answers");
    }

    @Test
    void enrichingPluginAddsAndLaterPluginSeesIt() {
        Record txt = new TXTRecord(NAME, DClass.IN, 60, "tag:Class=test");
        Plugin enrich = (query, next) -> {
            query.response().addAnswer(A);
            return next.proceed(query);
        };
        Plugin addsTxt = (query, next) -> {
            if (!query.response().answer().isEmpty()) {
                query.response().addAdditional(txt);
            }
            return next.proceed(query);
        };

        Response response = run(Pipeline.of(List.of(named("enrich", enrich), named("txt", addsTxt))), Type.A);

        assertThat(response.answer()).containsExactly(A);
        assertThat(response.additional()).containsExactly(txt);
        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.answeredBy()).isEqualTo("enrich");
    }

    @Test
    void synchronousChainCompletesOnTheCallersThread() {
        Pipeline pipeline = Pipeline.of(List.of(named("answers", (query, next) -> query.response().addAnswer(A).complete())));

        CompletionStage<Response> stage = pipeline.execute(query(Type.A));

        assertThat(stage.toCompletableFuture()).isDone();
    }

    @Test
    void throwingPluginFailsWithItsName() {
        Plugin pass = (query, next) -> next.proceed(query);
        Plugin throwing = (query, next) -> {
            throw new IllegalStateException("boom");
        };

        CompletableFuture<Response> future = Pipeline.of(List.of(named("pass", pass), named("broken", throwing)))
                .execute(query(Type.A)).toCompletableFuture();

        assertThatThrownBy(future::get)
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PluginFailure.class)
                .satisfies(failure -> assertThat(((PluginFailure) failure).pluginName()).isEqualTo("broken"))
                .hasRootCauseMessage("boom");
    }

    @Test
    void asynchronousFailureIsAttributedToThePluginWhereItHappened() throws Exception {
        Plugin wrap = (query, next) -> next.proceed(query);
        Plugin failsLater = (query, next) -> CompletableFuture.supplyAsync(() -> {
            throw new IllegalStateException("upstream gone");
        });

        CompletableFuture<Response> future = Pipeline.of(List.of(named("wrap", wrap), named("forward", failsLater)))
                .execute(query(Type.A)).toCompletableFuture();

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(PluginFailure.class)
                .satisfies(failure -> assertThat(((PluginFailure) failure).pluginName()).isEqualTo("forward"));
    }

    @Test
    void asynchronousAnswerCompletesLater() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        Plugin async = (query, next) -> gate.thenApplyAsync(ignored -> query.response().addAnswer(A));

        CompletableFuture<Response> future = Pipeline.of(List.of(named("async", async))).execute(query(Type.A)).toCompletableFuture();
        assertThat(future).isNotDone();
        gate.complete(null);

        assertThat(future.get(5, TimeUnit.SECONDS).answer()).containsExactly(A);
    }

    @Test
    void nullStageIsAFailureOfThatPlugin() {
        CompletableFuture<Response> future = Pipeline.of(List.of(named("lazy", (query, next) -> null)))
                .execute(query(Type.A)).toCompletableFuture();

        assertThat(future).isCompletedExceptionally();
        assertThatThrownBy(future::join).cause().isInstanceOf(PluginFailure.class).hasMessageContaining("lazy");
    }

    @Test
    void closeClosesEveryPluginLastFirstEvenWhenOneFails() {
        List<String> closed = new ArrayList<>();
        Pipeline pipeline = Pipeline.of(List.of(
                named("a", closing("a", closed, false)),
                named("b", closing("b", closed, true)),
                named("c", closing("c", closed, false))));

        pipeline.close();

        assertThat(closed).containsExactly("c", "b", "a");
        assertThat(pipeline.names()).containsExactly("a", "b", "c");
    }

    private static Plugin closing(String name, List<String> closed, boolean fails) {
        return new Plugin() {
            @Override
            public CompletionStage<Response> handle(Query query, Chain next) {
                return next.proceed(query);
            }

            @Override
            public void close() {
                closed.add(name);
                if (fails) {
                    throw new IllegalStateException("cannot close");
                }
            }
        };
    }

    private static NamedPlugin named(String name, Plugin plugin) {
        return new NamedPlugin(name, plugin);
    }

    private static Response run(Pipeline pipeline, int type) {
        return pipeline.execute(query(type)).toCompletableFuture().join();
    }

    private static Query query(int type) {
        return Query.builder(Message.newQuery(Record.newRecord(NAME, type, DClass.IN))).build();
    }

    private static Record record() {
        try {
            return new ARecord(NAME, DClass.IN, 60, java.net.InetAddress.getByAddress(new byte[] {10, 0, 0, 1}));
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
