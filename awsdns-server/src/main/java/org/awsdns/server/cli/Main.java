package org.awsdns.server.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.awsdns.server.config.AncestorIni;
import org.awsdns.server.config.ConfigException;
import org.awsdns.server.config.ConfigLoader;
import org.awsdns.server.config.ConfigLocator;
import org.awsdns.server.config.ConfigMapper;
import org.awsdns.server.config.ConfigSource;
import org.awsdns.server.config.ConfigValues;
import org.awsdns.server.config.LoadedConfig;
import org.awsdns.server.config.PluginSpec;
import org.awsdns.server.config.ResourceSpec;
import org.awsdns.server.config.ServerSpec;
import org.awsdns.server.plugin.ConfigValidation;
import org.awsdns.server.plugin.DiscoveredFactory;
import org.awsdns.server.plugin.PluginDiscovery;
import org.awsdns.server.plugin.PluginRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line: {@code awsdns [serve|check|plugins] [options]}. Exit codes: 0 ok, 1 a
 * configuration error (its message on stderr), 2 a usage error.
 */
@Command(name = "awsdns", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A DNS server for the instances of AWS VPCs, with a plugin chain. Serves by default.")
public final class Main implements Callable<Integer> {
    public static final int OK = 0;
    public static final int CONFIG_ERROR = 1;
    public static final int USAGE_ERROR = 2;

    @Mixin
    CommonOptions options;

    private final Context context;

    private Main(Context context) {
        this.context = context;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs the command line in-process; {@code serve} returns only when the process is stopped. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        return run(args, out, err, environment, Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("user.home", "/")));
    }

    /** As {@link #run(String[], PrintStream, PrintStream, Map)}, with the working and home folders given (config lookup). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment,
            Path workingDirectory, Path homeDirectory) {
        Context context = new Context(out, err, new ConfigLocator(environment, workingDirectory, homeDirectory));
        CommandLine commandLine = commandLine(new Main(context))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((exception, command, parseResult) -> {
                    if (exception instanceof ConfigException) {
                        err.println(exception.getMessage());
                    } else {
                        err.println("awsdns: unexpected error: " + exception);
                        exception.printStackTrace(err);
                    }
                    err.flush();
                    return CONFIG_ERROR;
                });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public Integer call() throws InterruptedException {
        return new Serve(this).serve(options);
    }

    /**
     * Parses {@code args} as {@link #run} would, without running anything.
     *
     * @return the usage error picocli reports, or empty when the line parses
     */
    public static Optional<String> usageError(String[] args) {
        Context context = new Context(System.out, System.err, new ConfigLocator(Map.of(), Path.of(""), Path.of("")));
        try {
            commandLine(new Main(context)).parseArgs(args);
            return Optional.empty();
        } catch (CommandLine.ParameterException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static CommandLine commandLine(Main main) {
        return new CommandLine(main)
                .addSubcommand("serve", new Serve(main))
                .addSubcommand("check", new Check(main))
                .addSubcommand("plugins", new Plugins(main))
                .addSubcommand("convert", new Convert(main))
                // "--plugins-dir plugins": a folder named like a subcommand is the option's value
                .setAllowSubcommandsAsOptionParameters(true)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    private record Context(PrintStream out, PrintStream err, ConfigLocator locator) {
        Context {
            requireNonNull(out, "out is null");
            requireNonNull(err, "err is null");
            requireNonNull(locator, "locator is null");
        }

        ConfigSource source(CommonOptions options) {
            return ConfigSource.file(configFile(options));
        }

        Path configFile(CommonOptions options) {
            return locator.locate(Optional.ofNullable(options.config));
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve DNS (the default).")
    static final class Serve implements Callable<Integer> {
        @Mixin
        CommonOptions options;

        private final Main main;

        Serve(Main main) {
            this.main = main;
        }

        @Override
        public Integer call() throws InterruptedException {
            return serve(options.withDefaults(main.options));
        }

        int serve(CommonOptions options) throws InterruptedException {
            if (options.logFormat != null) {
                options.logFormat.apply();
            }
            if (options.logLevel != null) {
                LogLevels.setRoot(options.logLevel);
            }
            // installed first: a SIGHUP while starting must not end the process (the JVM's default)
            ReloadOnHangup onHangup = new ReloadOnHangup();
            HangupSignal.install(onHangup);
            AwsdnsServer server = AwsdnsServer.builder()
                    .configFile(main.context.configFile(options))
                    .overrides(options.overrides())
                    .pluginsDirectory(options.pluginsDirectory())
                    .start();
            onHangup.started(server::reload);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } finally {
                    stopped.countDown();
                }
            }, "awsdns-shutdown"));
            stopped.await();
            return OK;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a configuration as serve does, without listening or calling AWS, and print each block's chain.")
    static final class Check implements Callable<Integer> {
        @Mixin
        CommonOptions options;

        private final Main main;

        Check(Main main) {
            this.main = main;
        }

        @Override
        public Integer call() {
            CommonOptions merged = options.withDefaults(main.options);
            try (LogLevels.Restore quiet = LogLevels.quiet(merged.logLevel)) {
                PluginRegistry registry = PluginDiscovery.discover(merged.pluginsDirectory());
                com.google.inject.Injector injector = AwsdnsServer.injector(registry);
                LoadedConfig config = injector.getInstance(ConfigLoader.class).load(main.context.source(merged), merged.overrides());
                // every resource and plugin is created as serve creates it (and closed): their checks run too
                injector.getInstance(ConfigValidation.class).validate(config);
                print(config, main.context.out());
                return OK;
            }
        }

        private static void print(LoadedConfig config, PrintStream out) {
            ObjectMapper printer = ConfigMapper.printer();
            out.println("config: " + config.sourceName());
            out.println("transport: " + json(printer, config.transport()));
            for (ResourceSpec resource : config.resources()) {
                out.println(resource.path() + ": " + json(printer, resource.config()));
            }
            for (ServerSpec server : config.servers()) {
                out.println(server.name() + ":");
                out.println("  listen: " + server.listen().stream().map(ConfigValues::format).toList());
                out.println("  zones: " + server.zones());
                out.println("  clients: " + (server.clients().isEmpty() ? "all" : server.clients().toString()));
                out.println("  plugins:");
                List<PluginSpec> plugins = server.plugins();
                for (int i = 0; i < plugins.size(); i++) {
                    PluginSpec plugin = plugins.get(i);
                    out.println("    " + (i + 1) + ". " + plugin.name() + " " + json(printer, plugin.config()));
                }
            }
            out.println("configuration OK");
        }

        /** The bound config as one line of JSON, with secrets (keys, tokens, passwords) masked. */
        private static String json(ObjectMapper printer, Object value) {
            try {
                return printer.writeValueAsString(SecretMask.mask(printer.valueToTree(value)));
            } catch (JsonProcessingException | RuntimeException e) {
                return String.valueOf(value);
            }
        }
    }

    @Command(name = "plugins", mixinStandardHelpOptions = true, description = "List the available plugins.")
    static final class Plugins implements Callable<Integer> {
        @Option(names = "--plugins-dir", paramLabel = "DIR", description = "Also load plugins from the jars in this folder")
        Path pluginsDirectory;

        private final Main main;

        Plugins(Main main) {
            this.main = main;
        }

        @Override
        public Integer call() {
            Path directory = pluginsDirectory != null ? pluginsDirectory : main.options.pluginsDirectory;
            try (LogLevels.Restore quiet = LogLevels.quiet(main.options.logLevel)) {
                PluginRegistry registry = PluginDiscovery.discover(Optional.ofNullable(directory));
                for (DiscoveredFactory factory : registry.discovered().values()) {
                    String description = factory.factory().description();
                    main.context.out().println(factory.name() + "\t" + (description == null ? "" : description)
                            + "\t" + factory.source());
                }
                return OK;
            }
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Print the ancestor's awsdns.ini as the equivalent YAML configuration.")
    static final class Convert implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the awsdns.ini to convert")
        Path file;

        @Option(names = "--include-secrets",
                description = "Write aws_secret_access_key into the output (default: leave credentials to the SDK's chain)")
        boolean includeSecrets;

        private final Main main;

        Convert(Main main) {
            this.main = main;
        }

        @Override
        public Integer call() {
            try (LogLevels.Restore quiet = LogLevels.quiet(main.options.logLevel)) {
                return convert();
            }
        }

        private int convert() {
            String text;
            try {
                text = java.nio.file.Files.readString(file);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new ConfigException(file + ": file not found");
            } catch (java.io.IOException e) {
                throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
            }
            main.context.out().print(AncestorIni.toYaml(text, file.toString(), includeSecrets));
            return OK;
        }
    }

    /** The version from the jar's manifest, {@code dev} when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"awsdns " + (version == null ? "dev" : version)};
        }
    }
}
