package org.awsdns.core;

/** The protocol a query arrived over. */
public enum Transport {
    UDP,
    TCP
}
