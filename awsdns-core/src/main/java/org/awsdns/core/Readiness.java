package org.awsdns.core;

/**
 * Implemented by a plugin or shared resource that is not able to serve fully at first, such as an
 * inventory still loading. The server's readiness check lists those that are not ready.
 */
public interface Readiness {

    /** Whether the first load (or equivalent) has finished. */
    boolean isReady();

    /** Why it is not ready yet, for the readiness report; empty when ready. */
    default String notReadyReason() {
        return isReady() ? "" : "loading";
    }
}
