package org.awsdns.plugins.soa;

import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.awsdns.core.Chain;
import org.awsdns.core.Metrics;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Makes a zone's negative answers cacheable (RFC 2308): an NXDOMAIN or NODATA for a name in the
 * zone gets the zone's SOA in its authority section, in place of any SOA already there, with the
 * TTL {@code min(ttl, minimum)}, and AA when no plugin answered it (the end of the chain
 * decided: the name is not in this server's zone). Answers {@code SOA} and {@code NS} at the apex itself. With
 * {@code always}, every NOERROR answer in the zone carries the SOA too.
 */
public final class SoaPlugin implements Plugin {
    private final Name zone;
    private final Name mname;
    private final Name rname;
    private final long ttl;
    private final long negativeTtl;
    private final long minimum;
    private final long refresh;
    private final long retry;
    private final long expire;
    private final boolean always;
    private final LongSupplier serial;
    private final NSRecord ns;
    private volatile Records records;

    private final Metrics.Counter apexAnswers;
    private final Metrics.Counter negativeAnswers;

    /** The SOA as served in answers and in negative answers, for one serial. */
    private record Records(long serial, SOARecord positive, SOARecord negative) {}

    SoaPlugin(SoaConfig config, LongSupplier serial, Metrics metrics) {
        this.zone = config.zoneName();
        this.mname = config.mnameName();
        this.rname = config.rnameName();
        this.ttl = config.ttl();
        this.minimum = config.minimum();
        this.negativeTtl = Math.min(config.ttl(), config.minimum());
        this.refresh = config.refresh();
        this.retry = config.retry();
        this.expire = config.expire();
        this.always = config.always();
        this.serial = serial;
        this.ns = new NSRecord(zone, DClass.IN, ttl, mname);
        this.records = build(serial.getAsLong());
        this.apexAnswers = metrics.counter("soa_apex_answers", "SOA and NS queries answered at the zone apex");
        this.negativeAnswers = metrics.counter("soa_negative_answers", "NXDOMAIN and NODATA answers given the zone's SOA");
    }

    /** A serial read from {@code source} at each answer, as UNIX seconds. */
    static LongSupplier serialFrom(InstantSource source) {
        return () -> source.instant().getEpochSecond() & 0xFFFF_FFFFL;
    }

    @Override
    public CompletionStage<Response> handle(Query query, Chain next) {
        Name name = query.name();
        if (query.dclass() != DClass.IN || !name.subdomain(zone)) {
            return next.proceed(query);
        }
        if (name.equals(zone) && (query.type() == Type.SOA || query.type() == Type.NS)) {
            apexAnswers.increment();
            Response response = query.response().authoritative(true).rcode(Rcode.NOERROR);
            if (query.type() == Type.SOA) {
                response.addAnswer(current().positive());
            } else {
                response.addAnswer(ns);
                if (always) {
                    response.addAuthority(current().positive());
                }
            }
            return response.complete();
        }
        CompletableFuture<Response> rest = next.proceed(query).toCompletableFuture();
        if (rest.isDone() && !rest.isCompletedExceptionally()) {
            decorate(rest.join()); // answered at once: no new stage
            return rest;
        }
        return rest.thenApply(this::decorate);
    }

    private Response decorate(Response response) {
        int rcode = response.rcode();
        boolean negative = rcode == Rcode.NXDOMAIN || (rcode == Rcode.NOERROR && response.count(Section.ANSWER) == 0);
        if (negative) {
            negativeAnswers.increment();
            replaceSoa(response, current().negative());
            if (response.answeredBy() == null) {
                // the end of the chain found no such name or type in our zone: we are its authority;
                // a negative answer relayed from an upstream (or a cache of one) stays non-authoritative
                response.authoritative(true);
            }
        } else if (always && rcode == Rcode.NOERROR) {
            replaceSoa(response, current().positive());
        }
        return response;
    }

    private static void replaceSoa(Response response, SOARecord soa) {
        response.removeIf(Section.AUTHORITY, record -> record.getType() == Type.SOA);
        response.addAuthority(soa);
    }

    private Records current() {
        Records current = records;
        long now = serial.getAsLong();
        if (current.serial() != now) {
            current = build(now);
            records = current;
        }
        return current;
    }

    private Records build(long serialNumber) {
        return new Records(serialNumber,
                new SOARecord(zone, DClass.IN, ttl, mname, rname, serialNumber, refresh, retry, expire, minimum),
                new SOARecord(zone, DClass.IN, negativeTtl, mname, rname, serialNumber, refresh, retry, expire, minimum));
    }
}
