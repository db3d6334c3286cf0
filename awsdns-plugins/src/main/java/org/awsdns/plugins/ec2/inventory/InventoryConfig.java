package org.awsdns.plugins.ec2.inventory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awsdns.plugins.ec2.events.EventsConfig;

/**
 * One entry under {@code inventories:}. Either an AWS source ({@code region} and friends) or a
 * {@code file} holding what {@code aws ec2 describe-instances} prints.
 *
 * @param file a JSON file to serve instead of the API; relative to the config file's folder
 * @param region the AWS region (required without {@code file})
 * @param credentials how to authenticate; default {@code default}
 * @param endpoint an EC2 endpoint URL overriding the region's; {@code AWS_ENDPOINT_URL_EC2}
 *     is used when absent
 * @param filters DescribeInstances filters; {@code instance-state-name} defaults to
 *     {@code [running]}
 * @param refresh how often to reload everything (default 60s; 5s for a file, whose mtime and
 *     size are checked at that period)
 * @param onMiss whether a name or address not in the index triggers one targeted lookup
 *     (default true; always false for a file)
 * @param missTtl how long a miss lookup's result is remembered (default 30s)
 * @param missRate the most miss lookups per second (default 5)
 * @param apiTimeout the limit of one API call, retries included (default 30s)
 * @param events change events from an SQS queue (optional, API source only); with events the
 *     full load runs every {@code events.reconcile} unless {@code refresh} is given
 */
public record InventoryConfig(
        String file,
        String region,
        CredentialsConfig credentials,
        String endpoint,
        Map<String, List<String>> filters,
        Duration refresh,
        Boolean onMiss,
        Duration missTtl,
        Double missRate,
        Duration apiTimeout,
        EventsConfig events) {

    public static final String STATE_FILTER = "instance-state-name";
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(60);
    public static final Duration DEFAULT_FILE_REFRESH = Duration.ofSeconds(5);

    public InventoryConfig {
        boolean fromFile = file != null;
        if (fromFile) {
            if (file.isBlank()) {
                throw new IllegalArgumentException("inventory: file is empty");
            }
            if (region != null || credentials != null || endpoint != null) {
                throw new IllegalArgumentException(
                        "inventory: file cannot be combined with region, credentials or endpoint");
            }
            if (Boolean.TRUE.equals(onMiss)) {
                throw new IllegalArgumentException("inventory: on_miss needs the AWS API; a file is always complete");
            }
            onMiss = false;
        } else {
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("inventory: region is required (or file, for a JSON file)");
            }
            if (!region.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("inventory: region '" + region + "' is not a region name like us-east-1");
            }
            credentials = credentials == null ? CredentialsConfig.DEFAULT : credentials;
            onMiss = onMiss == null ? Boolean.TRUE : onMiss;
            if (endpoint != null) {
                checkEndpoint(endpoint);
            }
        }
        if (fromFile && events != null) {
            throw new IllegalArgumentException("inventory: events need the AWS API (region); a file has no change events");
        }
        filters = withStateDefault(filters);
        // with events, polling is off unless asked for: the full load runs at the reconcile period
        refresh = positive(refresh, fromFile ? DEFAULT_FILE_REFRESH
                : events != null ? events.reconcile() : DEFAULT_REFRESH, "refresh");
        missTtl = positive(missTtl, Duration.ofSeconds(30), "miss_ttl");
        apiTimeout = positive(apiTimeout, Duration.ofSeconds(30), "api_timeout");
        missRate = missRate == null ? 5.0 : missRate;
        if (!(missRate > 0) || missRate.isInfinite()) {
            throw new IllegalArgumentException("inventory: miss_rate must be a positive number of lookups per second");
        }
        if (fromFile) {
            InstanceFilter.of(filters); // rejects filters the file source cannot apply
        }
    }

    /** Without events: the settings as they were before change events existed. */
    public InventoryConfig(String file, String region, CredentialsConfig credentials, String endpoint,
            Map<String, List<String>> filters, Duration refresh, Boolean onMiss, Duration missTtl, Double missRate,
            Duration apiTimeout) {
        this(file, region, credentials, endpoint, filters, refresh, onMiss, missTtl, missRate, apiTimeout, null);
    }

    /** An inventory served from a file, with default settings. */
    public static InventoryConfig ofFile(String file) {
        return new InventoryConfig(file, null, null, null, null, null, null, null, null, null);
    }

    /** An inventory served from the API, with default settings. */
    public static InventoryConfig ofRegion(String region) {
        return new InventoryConfig(null, region, null, null, null, null, null, null, null, null);
    }

    public boolean fromFile() {
        return file != null;
    }

    private static Map<String, List<String>> withStateDefault(Map<String, List<String>> filters) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (filters != null) {
            for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
                String name = filter.getKey();
                List<String> values = filter.getValue();
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("inventory: filter with an empty name");
                }
                if (values == null || values.isEmpty()) {
                    throw new IllegalArgumentException("inventory: filter " + name + " has no values");
                }
                List<String> clean = new ArrayList<>();
                for (String value : values) {
                    if (value == null) {
                        throw new IllegalArgumentException("inventory: filter " + name + " has a null value");
                    }
                    clean.add(value);
                }
                copy.put(name, List.copyOf(clean));
            }
        }
        copy.putIfAbsent(STATE_FILTER, List.of("running"));
        return Collections.unmodifiableMap(copy);
    }

    private static Duration positive(Duration value, Duration fallback, String key) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("inventory: " + key + " must be positive, got " + value);
        }
        return value;
    }

    private static void checkEndpoint(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException(
                        "inventory: endpoint must be an http(s) URL like https://ec2.us-east-1.amazonaws.com");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("inventory: endpoint is not a URL: " + e.getMessage(), e);
        }
    }
}
