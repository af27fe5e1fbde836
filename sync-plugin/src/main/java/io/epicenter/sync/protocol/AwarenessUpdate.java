package io.epicenter.sync.protocol;

import io.epicenter.crdt.lib0.Lib0Writer;

import java.util.ArrayList;
import java.util.List;

/**
 * An awareness update: {@code varUint(count) (varUint(clientID) varUint(clock) varString(stateJSON))*}.
 * A removed client's state is the JSON text {@code null}, represented here as a null {@code json}.
 *
 * @param entries the entries in message order
 */
public record AwarenessUpdate(List<Entry> entries) {

    /**
     * One client's state.
     *
     * @param clientId the awareness client id
     * @param clock the state's clock
     * @param json the state as JSON text, or null when the client is removed
     */
    public record Entry(long clientId, long clock, String json) {
    }

    public AwarenessUpdate {
        entries = List.copyOf(entries);
    }

    /**
     * @param data an encoded awareness update
     * @return the decoded update; each state is checked to be well-formed JSON
     * @throws MalformedMessageException when it does not decode exactly
     */
    public static AwarenessUpdate decode(byte[] data) throws MalformedMessageException {
        MessageReader r = new MessageReader(data);
        long count = r.readVarUint();
        if (count > data.length) {
            throw new MalformedMessageException("awareness update claims " + count + " entries in " + data.length + " bytes");
        }
        List<Entry> entries = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            long client = r.readVarUint();
            long clock = r.readVarUint();
            String json = r.readVarString();
            if (!JsonSyntax.isValid(json)) {
                throw new MalformedMessageException("awareness state of client " + client + " is not valid JSON");
            }
            entries.add(new Entry(client, clock, "null".equals(json.strip()) ? null : json));
        }
        r.expectEnd();
        return new AwarenessUpdate(entries);
    }

    /** @return the encoded update */
    public byte[] encode() {
        Lib0Writer w = new Lib0Writer();
        w.writeVarUint(entries.size());
        for (Entry e : entries) {
            w.writeVarUint(e.clientId());
            w.writeVarUint(e.clock());
            w.writeVarString(e.json() == null ? "null" : e.json());
        }
        return w.toByteArray();
    }
}
