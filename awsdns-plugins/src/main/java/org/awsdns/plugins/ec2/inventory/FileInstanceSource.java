package org.awsdns.plugins.ec2.inventory;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Instances from a JSON file as {@code aws ec2 describe-instances} prints it
 * ({@code {"Reservations": [{"Instances": [...]}]}}, PascalCase keys). The file is read on the
 * shared executor, and read again only when its modification time, size or identity changed.
 * The configured filters (and the {@code instance-state-name} default) are applied locally.
 */
public final class FileInstanceSource implements InstanceSource {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path path;
    private final InstanceFilter filter;
    private final Executor executor;
    private volatile Stamp lastLoaded;

    private record Stamp(long modifiedNanos, long size, Object fileKey) {}

    public FileInstanceSource(Path path, Map<String, List<String>> filters, Executor executor) {
        this.path = requireNonNull(path, "path is null");
        this.filter = InstanceFilter.of(filters);
        this.executor = requireNonNull(executor, "executor is null");
    }

    @Override
    public CompletableFuture<List<Ec2Instance>> loadAll() {
        return CompletableFuture.supplyAsync(this::loadIfChanged, executor);
    }

    private List<Ec2Instance> loadIfChanged() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            Stamp stamp = new Stamp(attributes.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L
                    + attributes.lastModifiedTime().toInstant().getNano(), attributes.size(), attributes.fileKey());
            if (stamp.equals(lastLoaded)) {
                return null;
            }
            List<Ec2Instance> instances = parse(Files.readAllBytes(path));
            lastLoaded = stamp;
            return instances;
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": " + e.getMessage(), e);
        }
    }

    List<Ec2Instance> parse(byte[] json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        JsonNode reservations = root == null ? null : root.get("Reservations");
        if (reservations == null || !reservations.isArray()) {
            throw new IOException("no \"Reservations\" array: not the output of aws ec2 describe-instances");
        }
        List<Ec2Instance> instances = new ArrayList<>();
        for (JsonNode reservation : reservations) {
            for (JsonNode node : reservation.path("Instances")) {
                Ec2Instance instance = convert(node);
                if (instance != null && filter.matches(instance)) {
                    instances.add(instance);
                }
            }
        }
        return instances;
    }

    static Ec2Instance convert(JsonNode node) {
        Ec2Instance.Builder builder = new Ec2Instance.Builder();
        for (InstanceAttribute attribute : InstanceAttribute.values()) {
            builder.attribute(attribute, attribute.fromJson(node));
        }
        for (JsonNode tag : node.path("Tags")) {
            builder.tag(text(tag.get("Key")), text(tag.get("Value")));
        }
        builder.privateIpv4(text(node.get("PrivateIpAddress")));
        builder.publicIpv4(text(node.get("PublicIpAddress")));
        builder.ipv6(text(node.get("Ipv6Address")));
        for (JsonNode nic : node.path("NetworkInterfaces")) {
            builder.privateIpv4(text(nic.get("PrivateIpAddress")));
            for (JsonNode address : nic.path("PrivateIpAddresses")) {
                builder.privateIpv4(text(address.get("PrivateIpAddress")));
                builder.publicIpv4(text(address.path("Association").get("PublicIp")));
            }
            builder.publicIpv4(text(nic.path("Association").get("PublicIp")));
            for (JsonNode address : nic.path("Ipv6Addresses")) {
                builder.ipv6(text(address.get("Ipv6Address")));
            }
        }
        return builder.build();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() ? null : node.asText();
    }

    @Override
    public boolean supportsLookup() {
        return false;
    }

    @Override
    public CompletableFuture<List<Ec2Instance>> lookup(Map<String, List<String>> extraFilters) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public String describe() {
        return "file " + path;
    }

    @Override
    public String toString() {
        return describe() + (Objects.isNull(lastLoaded) ? " (not loaded)" : "");
    }
}
