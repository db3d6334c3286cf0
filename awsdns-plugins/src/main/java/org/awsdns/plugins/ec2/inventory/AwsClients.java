package org.awsdns.plugins.ec2.inventory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** Builds the EC2 client of an inventory from its settings. */
public final class AwsClients {
    static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_EC2";
    static final String SQS_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_SQS";
    /** Above the 20 s of a long poll. */
    private static final Duration SQS_CALL_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_CONNECTIONS = 16;

    private AwsClients() {}

    /** A client, its credentials (shared with the SQS client) and what must be closed with it. */
    public record Built(Ec2AsyncClient client, AwsCredentialsProvider credentials, List<AutoCloseable> resources) {}

    /**
     * Builds the client.
     *
     * @param environment reads environment variables ({@code System::getenv} in production)
     * @param tweak adjusts the override configuration (tests shorten retries); identity in production
     */
    public static Built ec2(InventoryConfig config, UnaryOperator<String> environment,
            Consumer<ClientOverrideConfiguration.Builder> tweak) {
        List<AutoCloseable> resources = new ArrayList<>();
        AwsCredentialsProvider credentials = credentials(config, resources);
        var builder = Ec2AsyncClient.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(MAX_CONNECTIONS)
                        .connectionTimeout(CONNECT_TIMEOUT))
                .overrideConfiguration(o -> {
                    o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(config.apiTimeout());
                    tweak.accept(o);
                });
        URI endpoint = endpoint(config, environment);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return new Built(builder.build(), credentials, resources);
    }

    /**
     * The SQS client of an inventory's change events, in the inventory's region with its
     * credentials; its calls may last a long poll.
     */
    public static SqsAsyncClient sqs(InventoryConfig config, AwsCredentialsProvider credentials,
            UnaryOperator<String> environment, Consumer<ClientOverrideConfiguration.Builder> tweak) {
        var builder = SqsAsyncClient.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(4)
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .readTimeout(SQS_CALL_TIMEOUT))
                .overrideConfiguration(o -> {
                    o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(SQS_CALL_TIMEOUT);
                    tweak.accept(o);
                });
        String endpoint = config.events().endpoint();
        if (endpoint == null) {
            endpoint = environment.apply(SQS_ENDPOINT_VARIABLE);
        }
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint.trim()));
        }
        return builder.build();
    }

    /** The endpoint to use instead of the region's, or {@code null}. */
    static URI endpoint(InventoryConfig config, UnaryOperator<String> environment) {
        if (config.endpoint() != null) {
            return URI.create(config.endpoint());
        }
        String fromEnvironment = environment.apply(ENDPOINT_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : URI.create(fromEnvironment.trim());
    }

    private static AwsCredentialsProvider credentials(InventoryConfig config, List<AutoCloseable> resources) {
        CredentialsConfig settings = config.credentials();
        return switch (settings.kind()) {
            case DEFAULT -> closing(DefaultCredentialsProvider.builder().build(), resources);
            case PROFILE -> closing(ProfileCredentialsProvider.builder().profileName(settings.profile()).build(),
                    resources);
            case STATIC -> {
                AwsCredentials keys = settings.sessionToken() == null
                        ? AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())
                        : AwsSessionCredentials.create(settings.accessKeyId(), settings.secretAccessKey(),
                                settings.sessionToken());
                yield StaticCredentialsProvider.create(keys);
            }
            case ASSUME_ROLE -> {
                AwsCredentialsProvider base = settings.profile() == null
                        ? closing(DefaultCredentialsProvider.builder().build(), resources)
                        : closing(ProfileCredentialsProvider.builder().profileName(settings.profile()).build(),
                                resources);
                StsClient sts = StsClient.builder()
                        .region(Region.of(config.region()))
                        .credentialsProvider(base)
                        .build();
                String sessionName = settings.sessionName() == null ? "awsdns" : settings.sessionName();
                StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(sts)
                        .asyncCredentialUpdateEnabled(true)
                        .refreshRequest(r -> {
                            r.roleArn(settings.roleArn()).roleSessionName(sessionName);
                            if (settings.externalId() != null) {
                                r.externalId(settings.externalId());
                            }
                        })
                        .build();
                resources.add(0, sts);
                resources.add(0, provider);
                yield provider;
            }
        };
    }

    private static <T extends AwsCredentialsProvider> T closing(T provider, List<AutoCloseable> resources) {
        if (provider instanceof SdkAutoCloseable closeable) {
            resources.add(closeable);
        }
        return provider;
    }
}
