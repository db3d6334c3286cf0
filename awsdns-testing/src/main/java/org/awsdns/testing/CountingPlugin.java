package org.awsdns.testing;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.awsdns.core.Chain;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;

/** A plugin that counts the queries reaching it and passes them on: put it after the plugin under test. */
public final class CountingPlugin implements Plugin {
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public CompletionStage<Response> handle(Query query, Chain next) {
        calls.incrementAndGet();
        return next.proceed(query);
    }

    /** How many queries reached this plugin. */
    public int calls() {
        return calls.get();
    }
}
