package org.awsdns.plugins.log;

import java.util.EnumSet;
import java.util.Set;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;
import org.slf4j.LoggerFactory;

/** Makes {@code log} plugins: one line per query through the {@code awsdns.query} logger. */
public final class LogFactory implements PluginFactory<LogConfig> {
    /** The logger every query line goes to. */
    public static final String LOGGER_NAME = "awsdns.query";

    @Override
    public String name() {
        return "log";
    }

    @Override
    public String description() {
        return "logs one line per query (client, name, type, rcode, time, answering plugin) to awsdns.query";
    }

    @Override
    public Class<LogConfig> configType() {
        return LogConfig.class;
    }

    @Override
    public Plugin create(LogConfig config, PluginContext context) {
        return new LogPlugin(LoggerFactory.getLogger(LOGGER_NAME), classes(config));
    }

    static Set<ResponseClass> classes(LogConfig config) {
        Set<ResponseClass> classes = EnumSet.noneOf(ResponseClass.class);
        for (String name : config.classes()) {
            ResponseClass value = ResponseClass.fromConfigName(name);
            if (value == ResponseClass.ALL) {
                return EnumSet.of(ResponseClass.SUCCESS, ResponseClass.DENIAL, ResponseClass.ERROR);
            }
            classes.add(value);
        }
        return classes;
    }

}
