package org.awsdns.server.tls;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * The query path as a stream listener sees it: one query's wire bytes in, its reply's out.
 * A reply of {@code null} means the query is to go unanswered (an ACL's drop).
 */
@FunctionalInterface
public interface DnsExchange {
    CompletionStage<byte[]> exchange(byte[] query, InetSocketAddress client);
}
