package org.awsdns.examples.splithorizon;

import java.time.Duration;

/**
 * One named set of client networks, under the {@code networks:} section.
 *
 * @param file lines of {@code NETWORK VIEW}, e.g. {@code 10.1.0.0/16 office}; {@code #} starts a
 *     comment; relative to the config file's folder (required)
 * @param refresh how often the file is read again (default: never)
 */
public record NetworksConfig(String file, Duration refresh) {
    public NetworksConfig {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("networks: file is required");
        }
        if (refresh != null && (refresh.isNegative() || refresh.isZero())) {
            throw new IllegalArgumentException("networks: refresh must be positive, got " + refresh);
        }
    }
}
