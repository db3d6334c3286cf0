package org.awsdns.plugins.ec2.inventory;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.awsdns.plugins.ec2.inventory.InventoryMetrics.Outcome;
import org.awsdns.plugins.ec2.inventory.InventoryMetrics.Purpose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceIpv6Address;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.InstancePrivateIpAddress;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Instances from the EC2 API, through the asynchronous client: a full load pages through
 * DescribeInstances (MaxResults 1000, following NextToken), a lookup makes one call. Calls are
 * started on the shared executor, never on the caller's thread (the credentials provider may
 * need a moment the first time), and nothing here waits for a result.
 */
public final class AwsInstanceSource implements InstanceSource {
    private static final Logger log = LoggerFactory.getLogger(AwsInstanceSource.class);
    static final int PAGE_SIZE = 1000;

    private final Ec2AsyncClient client;
    private final Map<String, List<String>> filters;
    private final Duration lookupTimeout;
    private final Executor executor;
    private final InventoryMetrics metrics;
    private final String description;
    private final List<AutoCloseable> resources;

    /**
     * @param client the client, owned (closed) by this source
     * @param filters the configured filters
     * @param lookupTimeout the limit of one miss lookup, retries included
     * @param resources closed with the source after the client (credentials providers, STS client)
     */
    public AwsInstanceSource(Ec2AsyncClient client, Map<String, List<String>> filters, Duration lookupTimeout,
            Executor executor, InventoryMetrics metrics, String description, List<AutoCloseable> resources) {
        this.client = requireNonNull(client, "client is null");
        this.filters = Map.copyOf(requireNonNull(filters, "filters is null"));
        this.lookupTimeout = requireNonNull(lookupTimeout, "lookupTimeout is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.description = requireNonNull(description, "description is null");
        this.resources = List.copyOf(resources);
    }

    @Override
    public CompletableFuture<List<Ec2Instance>> loadAll(UnaryOperator<Ec2Instance> known) {
        DescribeInstancesRequest request = DescribeInstancesRequest.builder()
                .filters(toFilters(filters))
                .maxResults(PAGE_SIZE)
                .build();
        List<Ec2Instance> instances = Collections.synchronizedList(new ArrayList<>());
        StringPool pool = new StringPool(); // pages are delivered one after the other
        return CompletableFuture.supplyAsync(() -> client.describeInstancesPaginator(request), executor)
                .thenCompose(pages -> pages.subscribe(page -> {
                    metrics.apiCall(Purpose.REFRESH, Outcome.SUCCESS);
                    collect(page, instances, pool, known);
                }))
                .handle((ignored, failure) -> {
                    if (failure != null) {
                        metrics.apiFailure(Purpose.REFRESH, failure);
                        throw AwsErrors.unwrap(failure) instanceof RuntimeException runtime
                                ? runtime : new IllegalStateException(AwsErrors.unwrap(failure));
                    }
                    synchronized (instances) {
                        return List.copyOf(instances);
                    }
                });
    }

    @Override
    public boolean supportsLookup() {
        return true;
    }

    @Override
    public CompletableFuture<List<Ec2Instance>> lookup(Map<String, List<String>> extraFilters) {
        Map<String, List<String>> all = new LinkedHashMap<>(filters);
        all.putAll(extraFilters);
        DescribeInstancesRequest request = DescribeInstancesRequest.builder()
                .filters(toFilters(all))
                .overrideConfiguration(o -> o.apiCallTimeout(lookupTimeout))
                .build();
        return describeOnce(request, Purpose.MISS);
    }

    @Override
    public CompletableFuture<List<Ec2Instance>> describe(Collection<String> ids) {
        Map<String, List<String>> all = new LinkedHashMap<>(filters);
        // the filter rather than InstanceIds: one ID EC2 does not know (yet) would fail the whole call
        all.put("instance-id", List.copyOf(ids));
        DescribeInstancesRequest request = DescribeInstancesRequest.builder()
                .filters(toFilters(all))
                .maxResults(PAGE_SIZE)
                .build();
        return describeOnce(request, Purpose.EVENT);
    }

    /** One DescribeInstances call (one page), started on the executor, counted under {@code purpose}. */
    private CompletableFuture<List<Ec2Instance>> describeOnce(DescribeInstancesRequest request, Purpose purpose) {
        return CompletableFuture.supplyAsync(() -> client.describeInstances(request), executor)
                .thenCompose(future -> future)
                .handle((response, failure) -> {
                    if (failure != null) {
                        metrics.apiFailure(purpose, failure);
                        throw AwsErrors.unwrap(failure) instanceof RuntimeException runtime
                                ? runtime : new IllegalStateException(AwsErrors.unwrap(failure));
                    }
                    metrics.apiCall(purpose, Outcome.SUCCESS);
                    List<Ec2Instance> found = new ArrayList<>();
                    collect(response, found, null, UnaryOperator.identity());
                    return found;
                });
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        client.close();
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("{}: failed to close {}", description, resource.getClass().getSimpleName(), e);
            }
        }
    }

    static List<Filter> toFilters(Map<String, List<String>> filters) {
        List<Filter> list = new ArrayList<>(filters.size());
        for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
            list.add(Filter.builder().name(filter.getKey()).values(filter.getValue()).build());
        }
        return list;
    }

    private static void collect(DescribeInstancesResponse page, List<Ec2Instance> into, StringPool pool,
            UnaryOperator<Ec2Instance> known) {
        for (Reservation reservation : page.reservations()) {
            for (Instance instance : reservation.instances()) {
                Ec2Instance converted = convert(instance, pool);
                if (converted != null) {
                    into.add(known.apply(converted));
                }
            }
        }
    }

    /** The inventory's picture of an SDK instance, or {@code null} without an ID. */
    static Ec2Instance convert(Instance instance) {
        return convert(instance, null);
    }

    /** As {@link #convert(Instance)}, keeping repeating values once in {@code pool} (may be null). */
    static Ec2Instance convert(Instance instance, StringPool pool) {
        Ec2Instance.Builder builder = new Ec2Instance.Builder(pool);
        for (InstanceAttribute attribute : InstanceAttribute.values()) {
            builder.attribute(attribute, attribute.fromSdk(instance));
        }
        for (Tag tag : instance.tags()) {
            builder.tag(tag.key(), tag.value());
        }
        builder.privateIpv4(instance.privateIpAddress());
        builder.publicIpv4(instance.publicIpAddress());
        builder.ipv6(instance.ipv6Address());
        for (InstanceNetworkInterface nic : instance.networkInterfaces()) {
            builder.privateIpv4(nic.privateIpAddress());
            for (InstancePrivateIpAddress address : nic.privateIpAddresses()) {
                builder.privateIpv4(address.privateIpAddress());
                if (address.association() != null) {
                    builder.publicIpv4(address.association().publicIp());
                }
            }
            if (nic.association() != null) {
                builder.publicIpv4(nic.association().publicIp());
            }
            for (InstanceIpv6Address address : nic.ipv6Addresses()) {
                builder.ipv6(address.ipv6Address());
            }
        }
        return builder.build();
    }
}
