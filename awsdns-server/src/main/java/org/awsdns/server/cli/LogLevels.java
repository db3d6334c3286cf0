package org.awsdns.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sets the root log level from {@code --log-level}; INFO by default for {@code serve}, WARN for the other commands. */
final class LogLevels {
    /** The levels users can give. */
    enum LogLevel {
        ERROR, WARN, INFO, DEBUG, TRACE
    }

    private LogLevels() {}

    /**
     * For the commands that print what was asked and nothing else ({@code check}, {@code plugins},
     * {@code convert}): the root level is {@code requested}, or WARN when none was given, until
     * the returned handle is closed (then it is what it was, for in-process callers).
     */
    static Restore quiet(LogLevel requested) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return () -> {};
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        root.setLevel(Level.toLevel((requested != null ? requested : LogLevel.WARN).name()));
        return () -> root.setLevel(before);
    }

    /** Puts the level back. */
    interface Restore extends AutoCloseable {
        @Override
        void close();
    }

    static void setRoot(LogLevel level) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level.name()));
        }
    }
}
