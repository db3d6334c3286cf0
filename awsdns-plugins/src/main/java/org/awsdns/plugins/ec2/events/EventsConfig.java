package org.awsdns.plugins.ec2.events;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * {@code inventories.<name>.events}: the inventory follows EC2 and Auto Scaling change events
 * from one SQS queue (fed by an EventBridge rule) and reloads everything only every
 * {@code reconcile}.
 *
 * @param queueUrl the queue's URL, {@code https://sqs.us-east-1.amazonaws.com/123456789012/awsdns-a}
 *     (required); each replica reads its own queue
 * @param reconcile how often the full load runs to repair what events missed (default 1h);
 *     the inventory's {@code refresh} polling is off unless set explicitly
 * @param endpoint an SQS endpoint URL overriding the region's; {@code AWS_ENDPOINT_URL_SQS} is
 *     used when absent
 */
public record EventsConfig(String queueUrl, Duration reconcile, String endpoint) {
    public static final Duration DEFAULT_RECONCILE = Duration.ofHours(1);

    public EventsConfig {
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new IllegalArgumentException("inventory: events.queue_url is required, e.g. "
                    + "https://sqs.us-east-1.amazonaws.com/123456789012/awsdns-events-a");
        }
        checkUrl(queueUrl, "events.queue_url");
        if (endpoint != null) {
            checkUrl(endpoint, "events.endpoint");
        }
        if (reconcile == null) {
            reconcile = DEFAULT_RECONCILE;
        } else if (reconcile.isNegative() || reconcile.isZero()) {
            throw new IllegalArgumentException("inventory: events.reconcile must be positive, got " + reconcile);
        }
    }

    public static EventsConfig of(String queueUrl) {
        return new EventsConfig(queueUrl, null, null);
    }

    private static void checkUrl(String url, String key) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("inventory: " + key + " must be an http(s) URL, got '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("inventory: " + key + " is not a URL: " + e.getMessage(), e);
        }
    }
}
