package org.awsdns.plugins.ec2.inventory;

import static java.util.Objects.requireNonNull;

/**
 * A reference to one value of an instance, as written in the configuration: {@code tag:KEY}
 * (the tag's value; the key is case-sensitive, as in AWS) or an {@link InstanceAttribute} name.
 */
public record AttributeRef(InstanceAttribute attribute, String tag) {
    private static final String TAG_PREFIX = "tag:";
    /** The tag Auto Scaling puts on every instance of a group. */
    public static final String ASG_TAG = "aws:autoscaling:groupName";
    /** {@code key: asg}: an Auto Scaling group's name, shared by its instances. */
    public static final String ASG = "asg";

    public AttributeRef {
        if ((attribute == null) == (tag == null)) {
            throw new IllegalArgumentException("exactly one of attribute and tag must be given");
        }
    }

    /**
     * Parses {@code tag:KEY} or an attribute name.
     *
     * @throws IllegalArgumentException for an unknown attribute, listing the known ones
     */
    public static AttributeRef parse(String text) {
        requireNonNull(text, "text is null");
        String trimmed = text.trim();
        if (trimmed.regionMatches(true, 0, TAG_PREFIX, 0, TAG_PREFIX.length())) {
            String key = trimmed.substring(TAG_PREFIX.length());
            if (key.isEmpty()) {
                throw new IllegalArgumentException("empty tag key in '" + text + "'");
            }
            return new AttributeRef(null, key);
        }
        if (trimmed.equalsIgnoreCase(ASG)) {
            return new AttributeRef(null, ASG_TAG);
        }
        InstanceAttribute attribute = InstanceAttribute.find(trimmed);
        if (attribute == null) {
            throw new IllegalArgumentException("unknown instance attribute '" + text + "'; known: tag:KEY, asg, "
                    + String.join(", ", InstanceAttribute.knownNames()));
        }
        return new AttributeRef(attribute, null);
    }

    public static AttributeRef tagRef(String key) {
        return new AttributeRef(null, key);
    }

    public static AttributeRef of(InstanceAttribute attribute) {
        return new AttributeRef(attribute, null);
    }

    public boolean isTag() {
        return tag != null;
    }

    /**
     * Whether this is the Auto Scaling group ({@code asg}): the instances sharing a name are also
     * answered one by one as {@code 1.NAME}, {@code 2.NAME}, ... in launch order.
     */
    public boolean isGroup() {
        return ASG_TAG.equals(tag);
    }

    /** The value on {@code instance}, or {@code null} when it has none. */
    public String valueOf(Ec2Instance instance) {
        return tag != null ? instance.tags().get(tag) : instance.attribute(attribute);
    }

    /** The DescribeInstances filter selecting instances by this value, or {@code null}. */
    public String filterName() {
        return tag != null ? TAG_PREFIX + tag : attribute.filterName();
    }

    /** As written in configuration and in TXT records: {@code tag:Class}, {@code id}. */
    @Override
    public String toString() {
        return tag != null ? TAG_PREFIX + tag : attribute.ancestorName();
    }
}
