package org.awsdns.plugins.file;

import java.util.ArrayList;
import java.util.List;
import org.awsdns.core.Response;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * One loaded zone and the answers it gives, the way an authoritative server builds them (RFC 1034
 * 4.3.2): the records asked for, a CNAME followed inside the zone, a referral below a delegation,
 * NXDOMAIN or NODATA with the zone's SOA, and the addresses of MX, SRV and NS targets held by the
 * zone as additional records. Immutable once loaded: dnsjava's {@link Zone} is only read.
 */
final class ZoneAnswers {
    private static final int MAX_CNAME_HOPS = 8;

    /** What {@link #answer} found, so the plugin can decide between answering and passing on. */
    enum Outcome { ANSWERED, NO_SUCH_NAME, NO_DATA }

    private final Zone zone;
    private final int records;

    ZoneAnswers(Zone zone) {
        this.zone = zone;
        int count = 0;
        for (RRset set : zone) {
            count += set.size();
        }
        this.records = count;
    }

    Name origin() {
        return zone.getOrigin();
    }

    long serial() {
        return zone.getSOA().getSerial();
    }

    int records() {
        return records;
    }

    /**
     * Fills {@code response} for {@code name}/{@code type}, or leaves it untouched and returns
     * {@link Outcome#NO_SUCH_NAME} / {@link Outcome#NO_DATA} when the zone has no data and no CNAME
     * was followed (the plugin then answers negatively or passes on).
     */
    Outcome answer(Name name, int type, Response response) {
        List<Record> chain = new ArrayList<>(2);
        Name current = name;
        for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
            SetResponse found = zone.findRecords(current, type);
            if (found.isSuccessful()) {
                response.authoritative(true);
                chain.forEach(response::addAnswer);
                List<Record> answers = new ArrayList<>();
                for (RRset set : found.answers()) {
                    answers.addAll(set.rrs(false));
                }
                response.addAnswers(answers);
                addTargets(answers, response);
                return Outcome.ANSWERED;
            }
            if (found.isCNAME() && type != Type.CNAME) {
                CNAMERecord cname = found.getCNAME();
                chain.add(cname);
                current = cname.getTarget();
                if (!current.subdomain(origin())) {
                    break; // the target is someone else's: the client's resolver follows it
                }
                continue;
            }
            if (found.isDelegation()) {
                if (!chain.isEmpty()) {
                    break;
                }
                referral(found.getNS(), response);
                return Outcome.ANSWERED;
            }
            if (chain.isEmpty()) {
                return found.isNXDOMAIN() ? Outcome.NO_SUCH_NAME : Outcome.NO_DATA;
            }
            // A CNAME led to a name of the zone without that data: the CNAMEs, then the SOA.
            response.authoritative(true);
            chain.forEach(response::addAnswer);
            if (found.isNXDOMAIN()) {
                response.rcode(org.xbill.DNS.Rcode.NXDOMAIN);
            }
            response.addAuthority(negativeSoa());
            return Outcome.ANSWERED;
        }
        response.authoritative(true);
        chain.forEach(response::addAnswer);
        return Outcome.ANSWERED;
    }

    /** The SOA for a negative answer, with the TTL RFC 2308 3 asks for: min(SOA TTL, MINIMUM). */
    SOARecord negativeSoa() {
        SOARecord soa = zone.getSOA();
        long ttl = Math.min(soa.getTTL(), soa.getMinimum());
        return new SOARecord(soa.getName(), soa.getDClass(), ttl, soa.getHost(), soa.getAdmin(),
                soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
    }

    private void referral(RRset ns, Response response) {
        List<Record> servers = ns.rrs(false);
        servers.forEach(response::addAuthority);
        addTargets(servers, response);
        response.rcode(org.xbill.DNS.Rcode.NOERROR);
    }

    /** Adds the A/AAAA records the zone holds for the MX, SRV and NS targets among {@code records}. */
    private void addTargets(List<Record> records, Response response) {
        for (Record record : records) {
            Name target = record.getAdditionalName();
            if (target == null || !target.subdomain(origin())) {
                continue;
            }
            for (int addressType : new int[] {Type.A, Type.AAAA}) {
                RRset addresses = zone.findExactMatch(target, addressType);
                if (addresses != null) {
                    addresses.rrs(false).forEach(response::addAdditional);
                }
            }
        }
    }
}
