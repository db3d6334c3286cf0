package org.awsdns.plugins.ec2.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local SQS endpoint for tests, on 127.0.0.1 and an ephemeral port, speaking the AWS JSON 1.0
 * protocol the SDK uses ({@code X-Amz-Target: AmazonSQS.ReceiveMessage}, JSON bodies) for one
 * queue: ReceiveMessage with long polling (WaitTimeSeconds, MaxNumberOfMessages, the visibility
 * timeout, a new receipt handle per receive, MD5OfBody), DeleteMessage, DeleteMessageBatch and
 * GetQueueAttributes. Counts calls by action, and can be made unavailable (HTTP 500).
 */
public final class FakeSqs implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET_PREFIX = "AmazonSQS.";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-sqs");
        thread.setDaemon(true);
        return thread;
    });
    private final LinkedList<Stored> messages = new LinkedList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger deleted = new AtomicInteger();
    private volatile boolean unavailable;
    private volatile boolean closed;
    private volatile int visibilitySeconds = 30;

    private static final class Stored {
        final String id = UUID.randomUUID().toString();
        final String body;
        long visibleAt;
        String receipt;
        int receives;

        Stored(String body) {
            this.body = body;
        }
    }

    public FakeSqs() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The queue's URL (any path works: the fake has one queue). */
    public String queueUrl() {
        return endpoint() + "/123456789012/awsdns-events";
    }

    /** Puts a message in the queue, as EventBridge does. */
    public void send(String body) {
        synchronized (messages) {
            messages.add(new Stored(body));
            messages.notifyAll();
        }
    }

    public void sendAll(List<String> bodies) {
        synchronized (messages) {
            for (String body : bodies) {
                messages.add(new Stored(body));
            }
            messages.notifyAll();
        }
    }

    public FakeSqs unavailable(boolean unavailable) {
        this.unavailable = unavailable;
        return this;
    }

    public FakeSqs visibilitySeconds(int seconds) {
        this.visibilitySeconds = seconds;
        return this;
    }

    /** Calls of {@code action} ({@code ReceiveMessage}, ...), whatever their outcome. */
    public int calls(String action) {
        AtomicInteger count = calls.get(action);
        return count == null ? 0 : count.get();
    }

    /** Messages in the queue, visible or not: not yet deleted. */
    public int remaining() {
        synchronized (messages) {
            return messages.size();
        }
    }

    public int deleted() {
        return deleted.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (target == null || !target.startsWith(TARGET_PREFIX) || contentType == null
                    || !contentType.startsWith("application/x-amz-json-1.0")) {
                send(exchange, 400, error("InvalidAction", "not an AWS JSON 1.0 SQS request"));
                return;
            }
            String action = target.substring(TARGET_PREFIX.length());
            calls.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
            if (unavailable) {
                send(exchange, 500, error("InternalError", "the fake queue is unavailable"));
                return;
            }
            if (!request.path("QueueUrl").isTextual()) {
                send(exchange, 400, error("MissingParameter", "QueueUrl is required"));
                return;
            }
            switch (action) {
                case "ReceiveMessage" -> send(exchange, 200, receive(request));
                case "DeleteMessage" -> {
                    delete(request.path("ReceiptHandle").asText());
                    send(exchange, 200, "{}");
                }
                case "DeleteMessageBatch" -> send(exchange, 200, deleteBatch(request));
                case "GetQueueAttributes" -> send(exchange, 200,
                        "{\"Attributes\":{\"VisibilityTimeout\":\"" + visibilitySeconds + "\"}}");
                default -> send(exchange, 400, error("InvalidAction", "unsupported: " + action));
            }
        }
    }

    private String receive(JsonNode request) {
        int max = request.path("MaxNumberOfMessages").asInt(1);
        long waitMillis = request.path("WaitTimeSeconds").asInt(0) * 1000L;
        long deadline = System.currentTimeMillis() + waitMillis;
        ObjectNode response = JSON.createObjectNode();
        ArrayNode out = response.putArray("Messages");
        synchronized (messages) {
            while (true) {
                long now = System.currentTimeMillis();
                for (Stored stored : messages) {
                    if (out.size() >= max) {
                        break;
                    }
                    if (stored.visibleAt <= now) {
                        stored.visibleAt = now + visibilitySeconds * 1000L;
                        stored.receipt = UUID.randomUUID().toString();
                        stored.receives++;
                        ObjectNode message = out.addObject();
                        message.put("MessageId", stored.id);
                        message.put("ReceiptHandle", stored.receipt);
                        message.put("MD5OfBody", md5(stored.body));
                        message.put("Body", stored.body);
                    }
                }
                if (out.size() > 0 || now >= deadline || closed || unavailable) {
                    break;
                }
                try {
                    messages.wait(Math.min(100, deadline - now)); // wakes for new messages, or to see invisible ones return
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (out.isEmpty()) {
            response.remove("Messages");
        }
        return response.toString();
    }

    private boolean delete(String receipt) {
        synchronized (messages) {
            for (Iterator<Stored> it = messages.iterator(); it.hasNext();) {
                if (receipt.equals(it.next().receipt)) {
                    it.remove();
                    deleted.incrementAndGet();
                    return true;
                }
            }
        }
        return false;
    }

    private String deleteBatch(JsonNode request) {
        ObjectNode response = JSON.createObjectNode();
        ArrayNode successful = response.putArray("Successful");
        ArrayNode failed = response.putArray("Failed");
        for (JsonNode entry : request.path("Entries")) {
            String id = entry.path("Id").asText();
            if (delete(entry.path("ReceiptHandle").asText())) {
                successful.addObject().put("Id", id);
            } else {
                failed.addObject().put("Id", id).put("Code", "ReceiptHandleIsInvalid").put("SenderFault", true)
                        .put("Message", "the receipt handle is not the message's current one");
            }
        }
        return response.toString();
    }

    /** The messages received at least once and not yet deleted, with how often they were received. */
    public List<Integer> receiveCounts() {
        List<Integer> counts = new ArrayList<>();
        synchronized (messages) {
            for (Stored stored : messages) {
                counts.add(stored.receives);
            }
        }
        return counts;
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String error(String code, String message) {
        return "{\"__type\":\"com.amazonaws.sqs#" + code + "\",\"message\":\"" + message + "\"}";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (messages) {
            messages.notifyAll();
        }
        server.stop(0);
        threads.shutdownNow();
    }
}
