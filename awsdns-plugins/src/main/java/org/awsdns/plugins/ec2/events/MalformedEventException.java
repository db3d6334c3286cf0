package org.awsdns.plugins.ec2.events;

/** An SQS message that is not an event the inventory can read; says what is wrong, never the body. */
public final class MalformedEventException extends Exception {
    public MalformedEventException(String message) {
        super(message);
    }
}
