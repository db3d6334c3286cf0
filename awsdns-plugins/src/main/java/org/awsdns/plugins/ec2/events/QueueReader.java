package org.awsdns.plugins.ec2.events;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.awsdns.plugins.ec2.events.EventsMetrics.SqsOperation;
import org.awsdns.plugins.ec2.inventory.AwsErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Reads one SQS queue with long polling (20 s, up to 10 messages a receive) through the
 * asynchronous client, hands each receive's messages to a handler, and deletes the messages whose
 * handling succeeded within the queue's visibility timeout (a message handled later has become
 * visible again and will be delivered again; one whose handling failed is left for redelivery).
 * Nothing here waits: every step is a callback on the shared executor. A failing queue is retried
 * with exponential backoff, logged once when the state changes.
 */
final class QueueReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueueReader.class);
    static final int WAIT_SECONDS = 20;
    static final int MAX_MESSAGES = 10;
    /** Messages received and not yet settled, beyond which receiving pauses. */
    static final int MAX_IN_FLIGHT = 1000;
    static final Duration DEFAULT_VISIBILITY = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    /** Kept from the visibility timeout: a delete this close to it might race the redelivery. */
    private static final Duration DELETE_MARGIN = Duration.ofSeconds(1);

    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final String inventory;
    private final Function<List<Message>, List<CompletableFuture<Boolean>>> handler;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final EventsMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Duration visibility = DEFAULT_VISIBILITY;
    private volatile boolean closed;
    private int failures;
    private String failureCode;

    /**
     * @param handler handles one receive's messages: a future per message, in order, ending
     *     {@code true} when the message may be deleted
     */
    QueueReader(SqsAsyncClient sqs, String queueUrl, String inventory,
            Function<List<Message>, List<CompletableFuture<Boolean>>> handler, ScheduledExecutorService executor,
            Clock clock, EventsMetrics metrics) {
        this.sqs = requireNonNull(sqs, "sqs is null");
        this.queueUrl = requireNonNull(queueUrl, "queueUrl is null");
        this.inventory = requireNonNull(inventory, "inventory is null");
        this.handler = requireNonNull(handler, "handler is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    /** Reads the queue's visibility timeout, then starts receiving. */
    void start() {
        CompletableFuture.supplyAsync(() -> sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)), executor)
                .thenCompose(future -> future)
                .whenCompleteAsync((response, failure) -> {
                    metrics.sqsCall(SqsOperation.GET_QUEUE_ATTRIBUTES, failure == null);
                    if (failure == null) {
                        String seconds = response.attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT);
                        try {
                            visibility = Duration.ofSeconds(Long.parseLong(seconds));
                        } catch (RuntimeException e) {
                            log.debug("inventory {}: queue visibility timeout '{}' unreadable", inventory, seconds);
                        }
                    } else {
                        log.debug("inventory {}: GetQueueAttributes failed ({}); assuming a visibility timeout of {}",
                                inventory, AwsErrors.code(failure), visibility);
                    }
                    receive();
                }, executor);
    }

    /** The visibility timeout in use. */
    Duration visibility() {
        return visibility;
    }

    private void receive() {
        if (closed) {
            return;
        }
        if (inFlight.get() >= MAX_IN_FLIGHT) {
            executor.schedule(this::receive, 100, TimeUnit.MILLISECONDS);
            return;
        }
        CompletableFuture<ReceiveMessageResponse> call;
        try {
            call = sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(WAIT_SECONDS)
                    .maxNumberOfMessages(MAX_MESSAGES));
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenCompleteAsync(this::received, executor);
    }

    private void received(ReceiveMessageResponse response, Throwable failure) {
        if (closed) {
            return;
        }
        metrics.sqsCall(SqsOperation.RECEIVE_MESSAGE, failure == null);
        if (failure != null) {
            failed(failure);
            return;
        }
        recovered();
        List<Message> messages = response.messages();
        if (!messages.isEmpty()) {
            handle(messages);
        }
        receive();
    }

    private void handle(List<Message> messages) {
        Instant deadline = clock.instant().plus(visibility).minus(DELETE_MARGIN);
        inFlight.addAndGet(messages.size());
        List<CompletableFuture<Boolean>> outcomes;
        try {
            outcomes = handler.apply(messages);
        } catch (RuntimeException e) {
            log.warn("inventory {}: handling {} events failed", inventory, messages.size(), e);
            inFlight.addAndGet(-messages.size());
            return;
        }
        List<CompletableFuture<Boolean>> settled = new ArrayList<>(outcomes.size());
        for (CompletableFuture<Boolean> outcome : outcomes) {
            settled.add(outcome.exceptionally(e -> false));
        }
        CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new)).whenCompleteAsync((ignored, never) -> {
            inFlight.addAndGet(-messages.size());
            if (clock.instant().isAfter(deadline)) {
                log.debug("inventory {}: {} events took longer than the visibility timeout; left for redelivery",
                        inventory, messages.size());
                return;
            }
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                if (settled.get(i).join()) {
                    entries.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(i))
                            .receiptHandle(messages.get(i).receiptHandle()).build());
                }
            }
            if (!entries.isEmpty() && !closed) {
                delete(entries);
            }
        }, executor);
    }

    private void delete(List<DeleteMessageBatchRequestEntry> entries) {
        CompletableFuture.supplyAsync(() -> sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)), executor)
                .thenCompose(future -> future)
                .whenComplete((response, failure) -> {
                    boolean success = failure == null && response.failed().isEmpty();
                    metrics.sqsCall(SqsOperation.DELETE_MESSAGE_BATCH, success);
                    if (!success) {
                        // harmless: the messages come again and are then duplicates
                        log.debug("inventory {}: deleting {} messages failed: {}", inventory, entries.size(),
                                failure != null ? AwsErrors.code(failure) : response.failed());
                    }
                });
    }

    private void failed(Throwable failure) {
        String code = AwsErrors.code(failure);
        int count;
        boolean changed;
        synchronized (this) {
            failures++;
            count = failures;
            changed = !code.equals(failureCode);
            failureCode = code;
        }
        Duration delay = backoff(count);
        if (changed) {
            log.warn("inventory {}: reading change events from {} failed: {}; the index keeps serving, "
                    + "retrying with backoff, next in {} ms", inventory, queueUrl, code, delay.toMillis());
        } else {
            log.debug("inventory {}: receiving events failed again ({}, {} in a row)", inventory, code, count);
        }
        executor.schedule(this::receive, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void recovered() {
        int failed;
        String code;
        synchronized (this) {
            failed = failures;
            code = failureCode;
            failures = 0;
            failureCode = null;
        }
        if (failed > 0) {
            log.info("inventory {}: reading change events works again after {} failures ({})", inventory, failed, code);
        }
    }

    /** Exponential from 1 s to a minute, half of it random. */
    static Duration backoff(int failureCount) {
        long delay = Math.min(1000L << Math.min(failureCount - 1, 20), MAX_BACKOFF.toMillis());
        return Duration.ofMillis(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
    }

    @Override
    public void close() {
        closed = true;
    }
}
