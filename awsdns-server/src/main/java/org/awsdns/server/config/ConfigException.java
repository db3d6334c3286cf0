package org.awsdns.server.config;

/**
 * A mistake in the configuration, the command line or a plugin's start. The message is what the
 * user sees, usually {@code FILE:LINE:COLUMN: PATH: what is wrong}; no stack trace is shown for it.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
