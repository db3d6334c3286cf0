package org.awsdns.plugins.ec2.inventory;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.awsdns.core.ResourceContext;
import org.awsdns.plugins.ec2.events.ChangeEvents;
import org.awsdns.plugins.ec2.events.EventsMetrics;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import org.awsdns.core.ResourceFactory;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** The {@code inventories:} section: named EC2 inventories shared by the ec2-* plugins. */
public final class Ec2InventoryFactory implements ResourceFactory<InventoryConfig, Ec2Inventory> {
    private final UnaryOperator<String> environment;
    private final Consumer<ClientOverrideConfiguration.Builder> clientTweak;

    /** The production factory: reads the process environment, default SDK retries. */
    public Ec2InventoryFactory() {
        this(System::getenv, builder -> {});
    }

    /** A factory reading {@code environment} and adjusting the client (tests shorten retries). */
    public Ec2InventoryFactory(UnaryOperator<String> environment,
            Consumer<ClientOverrideConfiguration.Builder> clientTweak) {
        this.environment = environment;
        this.clientTweak = clientTweak;
    }

    @Override
    public String section() {
        return "inventories";
    }

    @Override
    public Class<InventoryConfig> configType() {
        return InventoryConfig.class;
    }

    @Override
    public Class<Ec2Inventory> resourceType() {
        return Ec2Inventory.class;
    }

    @Override
    public Ec2Inventory create(String name, InventoryConfig config, ResourceContext context) {
        InventoryMetrics metrics = new InventoryMetrics(context.metrics(), name);
        InstanceSource source;
        AwsCredentialsProvider credentials = null;
        if (config.fromFile()) {
            source = new FileInstanceSource(context.baseDirectory().resolve(config.file()).normalize(),
                    config.filters(), context.executor());
        } else {
            AwsClients.Built built = AwsClients.ec2(config, environment, clientTweak);
            credentials = built.credentials();
            Duration lookupTimeout = config.apiTimeout().compareTo(Ec2Inventory.LOOKUP_TIMEOUT) < 0
                    ? config.apiTimeout() : Ec2Inventory.LOOKUP_TIMEOUT;
            source = new AwsInstanceSource(built.client(), config.filters(), lookupTimeout, context.executor(),
                    metrics, "EC2 " + config.region() + (config.endpoint() == null ? "" : " at " + config.endpoint()),
                    built.resources());
        }
        Ec2Inventory inventory = new Ec2Inventory(name, config, source, context.executor(), context.clock(), metrics);
        if (config.events() != null) {
            SqsAsyncClient sqs = AwsClients.sqs(config, credentials, environment, clientTweak);
            inventory.attach(new ChangeEvents(inventory, sqs, config.events(), context.executor(), context.clock(),
                    new EventsMetrics(context.metrics(), name)).start());
        }
        return inventory.start();
    }
}
