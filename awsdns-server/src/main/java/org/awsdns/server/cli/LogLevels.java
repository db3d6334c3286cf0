package org.awsdns.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sets the root log level from {@code --log-level}. */
final class LogLevels {
    /** The levels users can give. */
    enum LogLevel {
        ERROR, WARN, INFO, DEBUG, TRACE
    }

    private LogLevels() {}

    static void setRoot(LogLevel level) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level.name()));
        }
    }
}
