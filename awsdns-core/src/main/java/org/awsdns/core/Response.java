package org.awsdns.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The response being built for one {@link Query}: rcode, header flags and the answer, authority
 * and additional sections. The server adds the header ID, the question, EDNS and truncation when
 * it writes the reply, so plugins deal only with content.
 *
 * <p>Not thread-safe: it belongs to one query, and the chain hands it from plugin to plugin.
 */
public final class Response {
    private static final int UNSET = -1;

    private int rcode = UNSET;
    private boolean authoritative;
    private boolean recursionAvailable;
    private boolean nameExists;
    private boolean upstreamFailed;
    private boolean forNowOnly;
    private List<Record> answer;
    private List<Record> authority;
    private List<Record> additional;
    private String currentPlugin;
    private String answeredBy;
    private String cacheStatus;
    private boolean noReply;
    private CompletableFuture<Response> completed;
    /** The answer as wire bytes, while no plugin changed its sections; the lists then hold its records once decoded. */
    private WireAnswer wire;
    private int wireTtlAge;
    private int wireFixedTtl = -1;
    private boolean wireDecoded;

    Response() {}

    /** This response, as a completed stage: what a plugin that answers returns. */
    public CompletionStage<Response> complete() {
        if (completed == null) {
            completed = CompletableFuture.completedFuture(this);
        }
        return completed;
    }

    /** The rcode set so far, or NOERROR when none was set. */
    public int rcode() {
        return rcode == UNSET ? Rcode.NOERROR : rcode;
    }

    /** Whether a plugin set an rcode explicitly. */
    public boolean hasRcode() {
        return rcode != UNSET;
    }

    /** Sets the rcode (an {@link Rcode} constant), and counts as answering. */
    public Response rcode(int rcode) {
        this.rcode = rcode;
        noteAnswered();
        return this;
    }

    /**
     * Asks the server to send no reply at all, as an ACL's "drop" does: over UDP no datagram
     * leaves, over TCP the query gets no frame and the connection stays open. Counts as
     * answering; return the stage this method returns.
     */
    public CompletionStage<Response> noReply() {
        noReply = true;
        noteAnswered();
        return complete();
    }

    /** Whether a plugin asked for no reply. */
    public boolean isNoReply() {
        return noReply;
    }

    /** A plugin set an rcode or added an answer record. */
    public boolean isAnswered() {
        return noReply || rcode != UNSET || count(Section.ANSWER) > 0;
    }

    /**
     * Answers with pre-encoded bytes: rcode, AA, RA and the three sections are {@code answer}'s.
     * Counts as answering. The server writes the reply from these bytes (patched for the query)
     * unless a later plugin changes a section: then the records are decoded and it goes on as if
     * they had been added one by one. Reading the records does not change that.
     */
    public Response wire(WireAnswer answer) {
        return wire(answer, 0, -1);
    }

    /** As {@link #wire(WireAnswer)}, every TTL counted down by {@code ageSeconds} (never below 0): a cache hit. */
    public Response wire(WireAnswer answer, long ageSeconds) {
        return wire(answer, (int) Math.min(Integer.MAX_VALUE, Math.max(0, ageSeconds)), -1);
    }

    /** As {@link #wire(WireAnswer)}, every TTL set to {@code ttlSeconds}: a stale cache entry (RFC 8767). */
    public Response wireWithTtl(WireAnswer answer, long ttlSeconds) {
        return wire(answer, 0, (int) Math.min(Integer.MAX_VALUE, Math.max(0, ttlSeconds)));
    }

    private Response wire(WireAnswer answer, int ttlAge, int fixedTtl) {
        this.wire = java.util.Objects.requireNonNull(answer, "answer is null");
        this.wireTtlAge = ttlAge;
        this.wireFixedTtl = fixedTtl;
        this.wireDecoded = false;
        this.answer = null;
        this.authority = null;
        this.additional = null;
        this.rcode = answer.rcode();
        this.authoritative = answer.authoritative();
        this.recursionAvailable = answer.recursionAvailable();
        noteAnswered();
        return this;
    }

    /**
     * The pre-encoded answer this response is, or {@code null} when it is built from records (none
     * was given, or a plugin changed a section after it).
     */
    public WireAnswer wire() {
        return wire;
    }

    /**
     * Replaces the wire answer by one a plugin derived from it (the same records and more, see
     * {@link WireAnswer#derive}), keeping the rcode, flags and TTL countdown set so far. An enrich
     * plugin uses it to add to a wire answer without decoding it; without a wire answer it
     * throws {@link IllegalStateException}.
     */
    public Response replaceWire(WireAnswer derived) {
        if (wire == null) {
            throw new IllegalStateException("no wire answer to replace");
        }
        wire = java.util.Objects.requireNonNull(derived, "derived is null");
        wireDecoded = false;
        answer = null;
        authority = null;
        additional = null;
        return this;
    }

    /** Whether there is a wire answer, served exactly as stored (no TTL countdown). */
    public boolean isWireAsStored() {
        return wire != null && wireTtlAge == 0 && wireFixedTtl < 0;
    }

    long wireTtlAge() {
        return wireTtlAge;
    }

    long wireFixedTtl() {
        return wireFixedTtl;
    }

    /** The number of records in {@code section} (answer, authority or additional), without decoding a wire answer. */
    public int count(int section) {
        if (wire != null && !wireDecoded) {
            return wire.count(section);
        }
        List<Record> records = switch (section) {
            case Section.ANSWER -> answer;
            case Section.AUTHORITY -> authority;
            case Section.ADDITIONAL -> additional;
            default -> throw new IllegalArgumentException("not a response section: " + section);
        };
        return records == null ? 0 : records.size();
    }

    /** Whether any section holds a record. */
    public boolean hasRecords() {
        return count(Section.ANSWER) + count(Section.AUTHORITY) + count(Section.ADDITIONAL) > 0;
    }

    /** Decodes the wire answer's records into the lists, once. */
    private void decodeWire() {
        if (wire == null || wireDecoded) {
            return;
        }
        byte[] bytes = isWireAsStored() ? wire.wire() : wire.withTtls(wireTtlAge, wireFixedTtl);
        Message message = WireAnswer.decode(bytes);
        answer = addAll(null, message.getSection(Section.ANSWER));
        authority = addAll(null, message.getSection(Section.AUTHORITY));
        additional = addAll(null, message.getSection(Section.ADDITIONAL));
        wireDecoded = true;
    }

    /** A section is about to change: the records take over from the wire answer. */
    private void dropWire() {
        decodeWire();
        wire = null;
    }

    public boolean authoritative() {
        return authoritative;
    }

    /**
     * Sets the AA flag: the data comes from a source this server is authoritative for (an
     * inventory, a hosts file, the zone of an {@code soa}), never for an answer relayed from
     * another server.
     */
    public Response authoritative(boolean authoritative) {
        this.authoritative = authoritative;
        return this;
    }

    public boolean recursionAvailable() {
        return recursionAvailable;
    }

    /**
     * Sets the RA flag for this reply. The server sets it anyway in every reply of a block whose
     * chain offers recursion ({@link Plugin#offersRecursion()}); a plugin rarely needs this.
     */
    public Response recursionAvailable(boolean recursionAvailable) {
        this.recursionAvailable = recursionAvailable;
        return this;
    }

    /**
     * Marks the query's name as existing with other types, so that the end of the chain answers
     * NODATA (NOERROR, no answer) instead of NXDOMAIN.
     */
    public Response markNameExists() {
        this.nameExists = true;
        return this;
    }

    public boolean nameExists() {
        return nameExists;
    }

    /**
     * Records that a plugin which should have answered could not (every upstream down, timed out
     * or refused) and passed the query on instead, so that the end of the chain answers SERVFAIL
     * instead of NXDOMAIN when no later plugin answers: a name the server could not look up is
     * not a name that does not exist. A later plugin that answers, or marks the name as existing
     * (NODATA), decides as usual.
     */
    public Response markUpstreamFailed() {
        this.upstreamFailed = true;
        return this;
    }

    /** Whether a plugin passed the query on after failing to get an answer; see {@link #markUpstreamFailed()}. */
    public boolean upstreamFailed() {
        return upstreamFailed;
    }

    /**
     * Marks the answer as good for this query only, not to be kept by a cache: it says what the
     * server could not know yet (an inventory not loaded, so SERVFAIL), and a moment later the
     * same question has its real answer. Clients' own caches are not told; this is for caches in
     * the chain (the cache plugin, and any plugin that keeps answers).
     */
    public Response markForNowOnly() {
        this.forNowOnly = true;
        return this;
    }

    /** Whether a cache must not keep this answer; see {@link #markForNowOnly()}. */
    public boolean forNowOnly() {
        return forNowOnly;
    }

    /** Adds a record to the answer section, and counts as answering. */
    public Response addAnswer(Record record) {
        dropWire();
        answer = add(answer, record);
        noteAnswered();
        return this;
    }

    /** Adds records to the answer section, and counts as answering when there is any. */
    public Response addAnswers(Collection<? extends Record> records) {
        if (!records.isEmpty()) {
            dropWire();
            answer = addAll(answer, records);
            noteAnswered();
        }
        return this;
    }

    public Response addAuthority(Record record) {
        dropWire();
        authority = add(authority, record);
        return this;
    }

    public Response addAdditional(Record record) {
        dropWire();
        additional = add(additional, record);
        return this;
    }

    /** The answer section, unmodifiable. */
    public List<Record> answer() {
        decodeWire();
        return view(answer);
    }

    /** The authority section, unmodifiable. */
    public List<Record> authority() {
        decodeWire();
        return view(authority);
    }

    /** The additional section (without OPT, which the server writes), unmodifiable. */
    public List<Record> additional() {
        decodeWire();
        return view(additional);
    }

    /** Removes the records of {@code section} (a {@link Section} constant) that match. */
    public Response removeIf(int section, Predicate<Record> filter) {
        dropWire();
        List<Record> records = switch (section) {
            case Section.ANSWER -> answer;
            case Section.AUTHORITY -> authority;
            case Section.ADDITIONAL -> additional;
            default -> throw new IllegalArgumentException("not a response section: " + section);
        };
        if (records != null) {
            records.removeIf(filter);
        }
        return this;
    }

    /**
     * Replaces everything with the content of {@code message} (rcode and the three sections; OPT
     * and TSIG records are left out), as a forwarder does. The message's AA and RA flags are not
     * taken: an answer relayed from another server is not this server's authority (AA is
     * cleared), and RA says what this server offers, which its block decides.
     */
    public Response copyFrom(Message message) {
        wire = null;
        answer = null;
        authority = null;
        additional = null;
        rcode = message.getRcode();
        authoritative = false;
        answer = addAll(null, message.getSection(Section.ANSWER));
        authority = addAll(null, message.getSection(Section.AUTHORITY));
        for (Record record : message.getSection(Section.ADDITIONAL)) {
            if (record.getType() != Type.OPT && record.getType() != Type.TSIG) {
                addAdditional(record);
            }
        }
        noteAnswered();
        return this;
    }

    /**
     * The name of the plugin that first set an rcode or an answer, or {@code null} when the end of
     * the chain decided.
     */
    public String answeredBy() {
        return answeredBy;
    }

    /**
     * Credits the answer to {@code pluginName} instead of the plugin that wrote it: for a plugin
     * that replays what another one produced, as a cache does, so that logs and the
     * {@code plugin} label name the producer. {@code null} credits the end of the chain.
     */
    public Response creditTo(String pluginName) {
        answeredBy = pluginName;
        return this;
    }

    /**
     * What a cache did for this query ({@code hit}, {@code miss}, {@code stale}), or {@code null}
     * when no cache saw it. Logged beside {@link #answeredBy()}.
     */
    public String cacheStatus() {
        return cacheStatus;
    }

    /** Records what a cache did for this query; see {@link #cacheStatus()}. */
    public Response cacheStatus(String status) {
        cacheStatus = status;
        return this;
    }

    /** Set by the chain before each plugin runs, so answers are credited to the right plugin. */
    void enter(String pluginName) {
        currentPlugin = pluginName;
    }

    private void noteAnswered() {
        if (answeredBy == null) {
            answeredBy = currentPlugin;
        }
    }

    private static List<Record> add(List<Record> list, Record record) {
        List<Record> target = list == null ? new ArrayList<>(4) : list;
        target.add(record);
        return target;
    }

    private static List<Record> addAll(List<Record> list, Collection<? extends Record> records) {
        List<Record> target = list == null ? new ArrayList<>(Math.max(4, records.size())) : list;
        target.addAll(records);
        return target;
    }

    private static List<Record> view(List<Record> list) {
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    @Override
    public String toString() {
        return Rcode.string(rcode()) + " answer=" + answer() + " authority=" + authority()
                + " additional=" + additional();
    }
}
