package org.awsdns.plugins.ec2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A local EC2 Query-protocol endpoint for tests, on 127.0.0.1 and an ephemeral port. It serves
 * DescribeInstances as AWS does (XML in the 2016-11-15 namespace, reservationSet / instancesSet /
 * networkInterfaceSet / tagSet), applies Filter.N.Name / Filter.N.Value.M, pages with MaxResults
 * and NextToken, counts calls, and can be told to throttle, fail with 500, or answer slowly.
 */
public final class FakeEc2 implements AutoCloseable {
    /** How the endpoint answers. */
    public enum Mode {
        OK,
        THROTTLE,
        ERROR_500
    }

    /** One network interface. */
    public record Nic(List<String> privateIps, List<String> ipv6) {}

    /** One instance ({@code launchTime} may be null). */
    public record Instance(String id, String state, String keyName, String vpcId, String publicIp,
            Map<String, String> tags, List<Nic> nics, String launchTime) {
        public Instance(String id, String state, String keyName, String vpcId, String publicIp,
                Map<String, String> tags, List<Nic> nics) {
            this(id, state, keyName, vpcId, publicIp, tags, nics, null);
        }

        public Instance withState(String newState) {
            return new Instance(id, newState, keyName, vpcId, publicIp, tags, nics, launchTime);
        }

        public Instance withTags(Map<String, String> newTags) {
            return new Instance(id, state, keyName, vpcId, publicIp, Map.copyOf(newTags), nics, launchTime);
        }

        public String privateIp() {
            return nics.isEmpty() || nics.get(0).privateIps().isEmpty() ? null : nics.get(0).privateIps().get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<Instance> instances = new CopyOnWriteArrayList<>();
    private final Queue<Map<String, String>> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Mode mode = Mode.OK;
    private volatile long delayMillis;
    private volatile int pageLimit = 1000;

    public FakeEc2() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public static Instance instance(String id, String name, String privateIp) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (name != null) {
            tags.put("Name", name);
        }
        return new Instance(id, "running", "key-" + id, "vpc-0abc", null, tags,
                List.of(new Nic(List.of(privateIp), List.of())));
    }

    public FakeEc2 add(Instance instance) {
        instances.add(instance);
        return this;
    }

    /** Replaces the instance with the same ID (or adds it). */
    public synchronized FakeEc2 put(Instance instance) {
        if (get(instance.id()) == null) {
            instances.add(instance);
        } else {
            instances.replaceAll(old -> old.id().equals(instance.id()) ? instance : old); // in place, at once
        }
        return this;
    }

    /**
     * Removes the instance. During a paged load this shifts the pages after it (as no real
     * endpoint would): to end an instance while loads run, {@link #put} it with another state.
     */
    public FakeEc2 remove(String id) {
        instances.removeIf(instance -> instance.id().equals(id));
        return this;
    }

    /** The instance with this ID, or {@code null}. */
    public Instance get(String id) {
        for (Instance instance : instances) {
            if (instance.id().equals(id)) {
                return instance;
            }
        }
        return null;
    }

    public FakeEc2 mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    public FakeEc2 delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** Calls received, whatever their outcome. */
    public int calls() {
        return calls.get();
    }

    /** The form parameters of every call received, in order. */
    public List<Map<String, String>> requests() {
        return new ArrayList<>(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = parseForm(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            calls.incrementAndGet();
            requests.add(form);
            long delay = delayMillis;
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Mode current = mode;
            if (current == Mode.THROTTLE) {
                send(exchange, 503, error("RequestLimitExceeded", "Request limit exceeded."));
                return;
            }
            if (current == Mode.ERROR_500) {
                send(exchange, 500, error("InternalError", "An internal error has occurred."));
                return;
            }
            if (!"DescribeInstances".equals(form.get("Action"))) {
                send(exchange, 400, error("InvalidAction", "The action is not valid for this web service."));
                return;
            }
            Map<String, List<String>> filters = filters(form);
            // the token is a position in the list of all instances (not of the matching ones), so
            // that an instance changing state in place during a paged load shifts no page
            List<Instance> all = new ArrayList<>(instances);
            List<Boolean> matching = new ArrayList<>(all.size());
            for (Instance instance : all) {
                Boolean matches = matches(instance, filters);
                if (matches == null) {
                    send(exchange, 400, error("InvalidParameterValue", "The filter is invalid: " + filters.keySet()));
                    return;
                }
                matching.add(matches);
            }
            int start = form.containsKey("NextToken") ? Integer.parseInt(form.get("NextToken")) : 0;
            int size = Math.min(pageLimit, form.containsKey("MaxResults")
                    ? Integer.parseInt(form.get("MaxResults")) : Integer.MAX_VALUE);
            List<Instance> page = new ArrayList<>();
            int position = start;
            for (; position < all.size() && page.size() < size; position++) {
                if (matching.get(position)) {
                    page.add(all.get(position));
                }
            }
            boolean more = matching.subList(Math.min(position, all.size()), all.size()).contains(Boolean.TRUE);
            send(exchange, 200, page(page, more ? String.valueOf(position) : null));
        }
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    /** Filter.N.Name and Filter.N.Value.M, by name. */
    public static Map<String, List<String>> filters(Map<String, String> form) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (int n = 1; form.containsKey("Filter." + n + ".Name"); n++) {
            List<String> values = new ArrayList<>();
            for (int m = 1; form.containsKey("Filter." + n + ".Value." + m); m++) {
                values.add(form.get("Filter." + n + ".Value." + m));
            }
            filters.put(form.get("Filter." + n + ".Name"), values);
        }
        return filters;
    }

    /** Whether the instance matches every filter; {@code null} for an unsupported filter. */
    private static Boolean matches(Instance instance, Map<String, List<String>> filters) {
        for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
            String name = filter.getKey();
            List<String> have = new ArrayList<>();
            if (name.startsWith("tag:")) {
                String value = instance.tags().get(name.substring(4));
                if (value != null) {
                    have.add(value);
                }
            } else {
                switch (name) {
                    case "instance-state-name" -> have.add(instance.state());
                    case "instance-id" -> have.add(instance.id());
                    case "vpc-id" -> have.add(instance.vpcId());
                    case "key-name" -> have.add(instance.keyName());
                    case "private-ip-address" -> have.add(instance.privateIp());
                    case "ip-address" -> have.add(instance.publicIp());
                    case "network-interface.addresses.private-ip-address" ->
                            instance.nics().forEach(nic -> have.addAll(nic.privateIps()));
                    case "network-interface.ipv6-addresses.ipv6-address", "ipv6-address" ->
                            instance.nics().forEach(nic -> have.addAll(nic.ipv6()));
                    default -> {
                        return null;
                    }
                }
            }
            boolean any = false;
            for (String value : have) {
                for (String wanted : filter.getValue()) {
                    if (value != null && glob(wanted).matcher(value).matches()) {
                        any = true;
                    }
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static Pattern glob(String wanted) {
        StringBuilder regex = new StringBuilder();
        for (char c : wanted.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    private static String page(List<Instance> instances, String nextToken) {
        StringBuilder xml = new StringBuilder(4096 + instances.size() * 1024);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">")
                .append("<requestId>").append(UUID.randomUUID()).append("</requestId>")
                .append("<reservationSet>");
        if (!instances.isEmpty()) {
            xml.append("<item><reservationId>r-0123456789abcdef0</reservationId><ownerId>123456789012</ownerId>")
                    .append("<groupSet/><instancesSet>");
            for (Instance instance : instances) {
                instanceXml(xml, instance);
            }
            xml.append("</instancesSet></item>");
        }
        xml.append("</reservationSet>");
        if (nextToken != null) {
            xml.append("<nextToken>").append(nextToken).append("</nextToken>");
        }
        return xml.append("</DescribeInstancesResponse>").toString();
    }

    private static void instanceXml(StringBuilder xml, Instance instance) {
        xml.append("<item>");
        element(xml, "instanceId", instance.id());
        element(xml, "imageId", "ami-0c55b159cbfafe1f0");
        xml.append("<instanceState><code>").append("running".equals(instance.state()) ? 16 : 80)
                .append("</code><name>").append(instance.state()).append("</name></instanceState>");
        element(xml, "privateDnsName", instance.privateIp() == null ? null
                : "ip-" + instance.privateIp().replace('.', '-') + ".ec2.internal");
        element(xml, "keyName", instance.keyName());
        element(xml, "launchTime", instance.launchTime());
        element(xml, "instanceType", "t3.micro");
        xml.append("<placement><availabilityZone>us-east-1a</availabilityZone><tenancy>default</tenancy></placement>");
        element(xml, "privateIpAddress", instance.privateIp());
        element(xml, "ipAddress", instance.publicIp());
        element(xml, "vpcId", instance.vpcId());
        element(xml, "subnetId", "subnet-0d1e2f3a");
        element(xml, "architecture", "x86_64");
        if (!instance.tags().isEmpty()) {
            xml.append("<tagSet>");
            instance.tags().forEach((key, value) -> {
                xml.append("<item>");
                element(xml, "key", key);
                element(xml, "value", value);
                xml.append("</item>");
            });
            xml.append("</tagSet>");
        }
        xml.append("<networkInterfaceSet>");
        int index = 0;
        for (Nic nic : instance.nics()) {
            xml.append("<item>");
            element(xml, "networkInterfaceId", "eni-" + instance.id().substring(2) + index);
            element(xml, "privateIpAddress", nic.privateIps().isEmpty() ? null : nic.privateIps().get(0));
            xml.append("<attachment><deviceIndex>").append(index).append("</deviceIndex></attachment>");
            xml.append("<privateIpAddressesSet>");
            boolean primary = true;
            for (String address : nic.privateIps()) {
                xml.append("<item>");
                element(xml, "privateIpAddress", address);
                element(xml, "primary", String.valueOf(primary));
                xml.append("</item>");
                primary = false;
            }
            xml.append("</privateIpAddressesSet>");
            if (!nic.ipv6().isEmpty()) {
                xml.append("<ipv6AddressesSet>");
                for (String address : nic.ipv6()) {
                    xml.append("<item>");
                    element(xml, "ipv6Address", address);
                    xml.append("</item>");
                }
                xml.append("</ipv6AddressesSet>");
            }
            xml.append("</item>");
            index++;
        }
        xml.append("</networkInterfaceSet>");
        xml.append("</item>");
    }

    private static void element(StringBuilder xml, String name, String value) {
        if (value == null) {
            return;
        }
        xml.append('<').append(name).append('>')
                .append(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
                .append("</").append(name).append('>');
    }

    private static String error(String code, String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
                + "</Code><Message>" + message + "</Message></Error></Errors><RequestID>"
                + UUID.randomUUID() + "</RequestID></Response>";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
