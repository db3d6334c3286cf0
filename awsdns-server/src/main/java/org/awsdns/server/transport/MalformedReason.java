package org.awsdns.server.transport;

import java.util.Locale;

/** Why a packet was not a proper query; the {@code reason} label of {@code malformed_packets}. */
enum MalformedReason {
    /** Shorter than a DNS header. */
    SHORT,
    /** The QR bit is set: a response, never answered so two servers cannot loop. */
    RESPONSE,
    /** The header is fine but the body does not parse (bad labels, pointer loops, truncation). */
    UNPARSEABLE,
    /** Not exactly one question. */
    QUESTION_COUNT,
    /** More than one OPT record. */
    MULTIPLE_OPT;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
