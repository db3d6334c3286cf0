package org.awsdns.server.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Iterator;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/** {@code --log-format}: switches the encoder of every appender of the root logger. */
public enum LogFormat {
    /** {@code 2026-12-01T00:05:30.123+00:00 INFO  LogPlugin - message}: the default. */
    TEXT,
    /** One JSON object per line, see {@link JsonLineEncoder}. */
    JSON;

    /** The pattern of the text format, also written in logback.xml. */
    public static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n";

    /** Makes the root logger's appenders write in this format. No-op when Logback is not the backend. */
    public void apply() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> appenders = root.iteratorForAppenders(); appenders.hasNext(); ) {
            if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                Encoder<ILoggingEvent> encoder = encoder(context);
                encoder.start();
                appender.stop();
                appender.setEncoder(encoder);
                appender.start();
            }
        }
    }

    private Encoder<ILoggingEvent> encoder(LoggerContext context) {
        if (this == JSON) {
            JsonLineEncoder json = new JsonLineEncoder();
            json.setContext(context);
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        return text;
    }
}
