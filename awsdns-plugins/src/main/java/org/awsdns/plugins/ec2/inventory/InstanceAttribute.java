package org.awsdns.plugins.ec2.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The scalar attributes of an instance that keys, names and TXT extras can name, in the
 * ancestor's spelling ({@code private_ip_address}) and the SDK's ({@code PrivateIpAddress}).
 * Tags are named {@code tag:KEY} instead (see {@link AttributeRef}).
 */
public enum InstanceAttribute {
    ID("id", "InstanceId", "instance-id", Instance::instanceId, json("InstanceId")),
    PRIVATE_IP_ADDRESS("private_ip_address", "PrivateIpAddress", "private-ip-address",
            Instance::privateIpAddress, json("PrivateIpAddress")),
    IP_ADDRESS("ip_address", "PublicIpAddress", "ip-address", Instance::publicIpAddress, json("PublicIpAddress")),
    IPV6_ADDRESS("ipv6_address", "Ipv6Address", "network-interface.ipv6-addresses.ipv6-address",
            Instance::ipv6Address, json("Ipv6Address")),
    PRIVATE_DNS_NAME("private_dns_name", "PrivateDnsName", "private-dns-name",
            Instance::privateDnsName, json("PrivateDnsName")),
    PUBLIC_DNS_NAME("public_dns_name", "PublicDnsName", "dns-name", Instance::publicDnsName, json("PublicDnsName")),
    KEY_NAME("key_name", "KeyName", "key-name", Instance::keyName, json("KeyName")),
    INSTANCE_TYPE("instance_type", "InstanceType", "instance-type", Instance::instanceTypeAsString,
            json("InstanceType")),
    IMAGE_ID("image_id", "ImageId", "image-id", Instance::imageId, json("ImageId")),
    VPC_ID("vpc_id", "VpcId", "vpc-id", Instance::vpcId, json("VpcId")),
    SUBNET_ID("subnet_id", "SubnetId", "subnet-id", Instance::subnetId, json("SubnetId")),
    PLACEMENT("placement", "Placement", "availability-zone",
            i -> i.placement() == null ? null : i.placement().availabilityZone(),
            json("Placement", "AvailabilityZone")),
    STATE("state", "State", "instance-state-name", i -> i.state() == null ? null : i.state().nameAsString(),
            json("State", "Name")),
    LAUNCH_TIME("launch_time", "LaunchTime", "launch-time",
            i -> i.launchTime() == null ? null : i.launchTime().toString(), json("LaunchTime")),
    ARCHITECTURE("architecture", "Architecture", "architecture", Instance::architectureAsString,
            json("Architecture")),
    PLATFORM("platform", "Platform", "platform", Instance::platformAsString, json("Platform")),
    PLATFORM_DETAILS("platform_details", "PlatformDetails", "platform-details", Instance::platformDetails,
            json("PlatformDetails")),
    KERNEL("kernel", "KernelId", "kernel-id", Instance::kernelId, json("KernelId")),
    RAMDISK("ramdisk", "RamdiskId", "ramdisk-id", Instance::ramdiskId, json("RamdiskId")),
    HYPERVISOR("hypervisor", "Hypervisor", "hypervisor", Instance::hypervisorAsString, json("Hypervisor")),
    VIRTUALIZATION_TYPE("virtualization_type", "VirtualizationType", "virtualization-type",
            Instance::virtualizationTypeAsString, json("VirtualizationType")),
    ROOT_DEVICE_NAME("root_device_name", "RootDeviceName", "root-device-name", Instance::rootDeviceName,
            json("RootDeviceName")),
    ROOT_DEVICE_TYPE("root_device_type", "RootDeviceType", "root-device-type", Instance::rootDeviceTypeAsString,
            json("RootDeviceType")),
    AMI_LAUNCH_INDEX("ami_launch_index", "AmiLaunchIndex", "ami-launch-index",
            i -> i.amiLaunchIndex() == null ? null : i.amiLaunchIndex().toString(), json("AmiLaunchIndex")),
    SPOT_INSTANCE_REQUEST_ID("spot_instance_request_id", "SpotInstanceRequestId", "spot-instance-request-id",
            Instance::spotInstanceRequestId, json("SpotInstanceRequestId")),
    EBS_OPTIMIZED("ebs_optimized", "EbsOptimized", null,
            i -> i.ebsOptimized() == null ? null : i.ebsOptimized().toString(), json("EbsOptimized"));

    private final String ancestorName;
    private final String sdkName;
    private final String filterName;
    private final Function<Instance, String> fromSdk;
    private final Function<JsonNode, String> fromJson;

    InstanceAttribute(String ancestorName, String sdkName, String filterName,
            Function<Instance, String> fromSdk, Function<JsonNode, String> fromJson) {
        this.ancestorName = ancestorName;
        this.sdkName = sdkName;
        this.filterName = filterName;
        this.fromSdk = fromSdk;
        this.fromJson = fromJson;
    }

    /** The name in the ancestor's spelling, e.g. {@code private_ip_address}. */
    public String ancestorName() {
        return ancestorName;
    }

    /** The name in the SDK's spelling, e.g. {@code PrivateIpAddress}. */
    public String sdkName() {
        return sdkName;
    }

    /** The DescribeInstances filter that selects by this attribute, or {@code null} when none. */
    public String filterName() {
        return filterName;
    }

    String fromSdk(Instance instance) {
        return blankToNull(fromSdk.apply(instance));
    }

    String fromJson(JsonNode instance) {
        return blankToNull(fromJson.apply(instance));
    }

    /** Finds an attribute by either spelling, ignoring case; {@code null} when unknown. */
    public static InstanceAttribute find(String name) {
        for (InstanceAttribute attribute : values()) {
            if (attribute.ancestorName.equalsIgnoreCase(name) || attribute.sdkName.equalsIgnoreCase(name)) {
                return attribute;
            }
        }
        return null;
    }

    /** Every accepted name, ancestor's spelling first, for "unknown attribute" messages. */
    public static List<String> knownNames() {
        List<String> names = new ArrayList<>();
        for (InstanceAttribute attribute : values()) {
            names.add(attribute.ancestorName);
        }
        for (InstanceAttribute attribute : values()) {
            names.add(attribute.sdkName);
        }
        return List.copyOf(names);
    }

    /** Where {@link #fromJson} finds the value in an instance's JSON: one key, or an object's key. */
    List<String> jsonPath() {
        return ((JsonPath) fromJson).path;
    }

    private static Function<JsonNode, String> json(String... path) {
        return new JsonPath(List.of(path));
    }

    private record JsonPath(List<String> path) implements Function<JsonNode, String> {
        @Override
        public String apply(JsonNode node) {
            JsonNode current = node;
            for (String key : path) {
                current = current == null ? null : current.get(key);
            }
            return current == null || current.isNull() || current.isContainerNode() ? null : current.asText();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    @Override
    public String toString() {
        return ancestorName.toLowerCase(Locale.ROOT);
    }
}
