package org.awsdns.server.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP for tests: GET or HEAD a path, and parse the Prometheus text format into samples. */
final class Scrape {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private Scrape() {}

    static HttpResponse<String> get(InetSocketAddress address, String path) throws IOException, InterruptedException {
        return send(address, path, "GET");
    }

    static HttpResponse<String> send(InetSocketAddress address, String path, String method)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5))
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** One exposition line: a metric name, its labels and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
        boolean has(String... keyValues) {
            for (int i = 0; i < keyValues.length; i += 2) {
                if (!keyValues[i + 1].equals(labels.get(keyValues[i]))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The samples of a scrape; comment lines are skipped, a line that does not parse fails. */
    static List<Sample> parse(String exposition) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("not an exposition line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (matcher.group(2) != null) {
                Matcher label = LABEL.matcher(matcher.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            String value = matcher.group(3).replace("Inf", "Infinity");
            samples.add(new Sample(matcher.group(1), labels, Double.parseDouble(value)));
        }
        return samples;
    }

    /** The samples named {@code name} with the given labels (others may differ). */
    static List<Sample> find(List<Sample> samples, String name, String... labels) {
        return samples.stream().filter(sample -> sample.name().equals(name) && sample.has(labels)).toList();
    }

    /** The value of the one sample named {@code name} with exactly these labels checked, 0 if absent. */
    static double value(List<Sample> samples, String name, String... labels) {
        List<Sample> found = find(samples, name, labels);
        if (found.size() > 1) {
            throw new AssertionError("several samples match " + name + " " + List.of(labels) + ": " + found);
        }
        return found.isEmpty() ? 0 : found.get(0).value();
    }
}
