package org.awsdns.plugins.log;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.awsdns.core.Response;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The classes of responses the {@code log} plugin can select, as in CoreDNS. */
enum ResponseClass {
    /** Every response. */
    ALL,
    /** NOERROR with an answer, or a referral. */
    SUCCESS,
    /** NXDOMAIN, or NOERROR with no answer (NODATA). */
    DENIAL,
    /** Any other rcode, failures (SERVFAIL), and queries dropped with no reply. */
    ERROR;

    /** The name used in the configuration. */
    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The names accepted in the configuration, for error messages. */
    static List<String> configNames() {
        return Arrays.stream(values()).map(ResponseClass::configName).toList();
    }

    /** The class of {@code name}, or {@code null} when there is none of that name. */
    static ResponseClass fromConfigName(String name) {
        for (ResponseClass value : values()) {
            if (value.configName().equals(name)) {
                return value;
            }
        }
        return null;
    }

    /** Classifies a completed response: SUCCESS, DENIAL or ERROR (never ALL). */
    static ResponseClass classify(Response response) {
        if (response.isNoReply()) {
            return ERROR; // dropped: with the refusals
        }
        int rcode = response.rcode();
        if (rcode == Rcode.NXDOMAIN) {
            return DENIAL;
        }
        if (rcode != Rcode.NOERROR) {
            return ERROR;
        }
        if (response.count(Section.ANSWER) > 0) {
            return SUCCESS;
        }
        List<Record> authority = response.authority();
        for (int i = 0; i < authority.size(); i++) {
            if (authority.get(i).getType() == Type.NS) {
                return SUCCESS; // a referral
            }
        }
        return DENIAL;
    }
}
