package org.awsdns.core;

/**
 * Implemented by a plugin or shared resource that keeps a large amount of data on the heap (a
 * cache, an inventory), so the server can tell at start whether the configuration fits the JVM's
 * heap: it sums {@link #heapBytes()} of everything serving once every resource is ready, and warns
 * when the sum does not fit.
 */
public interface HeapUse {

    /** The most this keeps on the heap when bounded (a cache's {@code max_bytes}), else an estimate of what it holds now. */
    long heapBytes();

    /** What the figure is, for the warning: e.g. {@code "cache max_bytes"} or {@code "inventory prod, 100000 instances"}. */
    String heapUse();
}
