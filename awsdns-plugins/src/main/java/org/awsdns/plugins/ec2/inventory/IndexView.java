package org.awsdns.plugins.ec2.inventory;

/** Something built once from an {@link InventoryIndex} and kept with it, such as prepared records. */
public interface IndexView {

    /** How many values could not become DNS names while building this view. */
    default int skippedNames() {
        return 0;
    }
}
