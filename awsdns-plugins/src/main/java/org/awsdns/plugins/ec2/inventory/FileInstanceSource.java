package org.awsdns.plugins.ec2.inventory;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.function.UnaryOperator;

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
    public CompletableFuture<List<Ec2Instance>> loadAll(UnaryOperator<Ec2Instance> known) {
        return CompletableFuture.supplyAsync(() -> loadIfChanged(known), executor);
    }

    private List<Ec2Instance> loadIfChanged(UnaryOperator<Ec2Instance> known) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            Stamp stamp = new Stamp(attributes.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L
                    + attributes.lastModifiedTime().toInstant().getNano(), attributes.size(), attributes.fileKey());
            if (stamp.equals(lastLoaded)) {
                return null;
            }
            List<Ec2Instance> instances;
            // streamed from the file, never read whole: Files.readAllBytes of a 25 MB file also left
            // a 25 MB temporary direct buffer cached for good on the loading thread
            try (InputStream in = Files.newInputStream(path)) {
                instances = parse(MAPPER.getFactory().createParser(in), known);
            }
            lastLoaded = stamp;
            return instances;
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": " + inWords(e), e);
        }
    }

    /**
     * Streams the document, token by token: never a tree (a 25 MB document of 100,000 instances
     * made a tree of several hundred MB). Unlike a tree, a key repeated in the document's object or
     * in a reservation (not in an instance) has all its values read, not only the last.
     */
    List<Ec2Instance> parse(byte[] json) throws IOException {
        return parse(MAPPER.getFactory().createParser(json), UnaryOperator.identity());
    }

    private List<Ec2Instance> parse(JsonParser source, UnaryOperator<Ec2Instance> known) throws IOException {
        List<Ec2Instance> instances = new ArrayList<>();
        StringPool pool = new StringPool();
        boolean found = false;
        try (JsonParser parser = source) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.getCurrentName();
                    JsonToken value = parser.nextToken();
                    if ("Reservations".equals(field) && value == JsonToken.START_ARRAY) {
                        found = true;
                        readReservations(parser, instances, pool, known);
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        }
        if (!found) {
            throw new IOException("no \"Reservations\" array: not the output of aws ec2 describe-instances");
        }
        return instances;
    }

    /** From just after the reservations' {@code [} to their {@code ]}. */
    private void readReservations(JsonParser parser, List<Ec2Instance> into, StringPool pool,
            UnaryOperator<Ec2Instance> known) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.getCurrentName();
                JsonToken value = parser.nextToken();
                if ("Instances".equals(field) && value == JsonToken.START_ARRAY) {
                    while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
                        Ec2Instance instance = InstanceJsonReader.read(parser, pool);
                        if (instance != null && filter.matches(instance)) {
                            into.add(known.apply(instance));
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
    }

    /**
     * The instance of one element of {@code Instances} read as a tree: what {@link InstanceJsonReader}
     * reads from the tokens (no longer used to load, for being slow; kept as the reference the tests
     * compare the stream reader with).
     */
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

    /** The cause in words: "no such file", not the bare path NoSuchFileException carries. */
    private static String inWords(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
