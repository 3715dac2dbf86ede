package ai.gatewayz.obs.traces.disk;

import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Resource;
import ai.gatewayz.obs.traces.model.Scope;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.SpanEvent;
import ai.gatewayz.obs.traces.model.SpanLink;
import ai.gatewayz.obs.traces.model.TraceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columnar encoding of a group of spans (one trace in a block; one export in the WAL): each
 * field is its own column of varints against a {@link StringDictionary}, so a reader can decode
 * only the columns it needs. Layout in docs/formats/trace-block.md.
 */
final class SpanColumns {
    static final int TRACE = 0;
    static final int SPAN_ID = 1;
    static final int PARENT = 2;
    static final int NAME = 3;
    static final int KIND = 4;
    static final int START = 5;
    static final int DURATION = 6;
    static final int STATUS = 7;
    static final int STATE_FLAGS = 8;
    static final int RESOURCE = 9;
    static final int SERVICE = 10;
    static final int SCOPE = 11;
    static final int ATTRS = 12;
    static final int EVENTS = 13;
    static final int LINKS = 14;
    static final int GENAI_SYSTEM = 15;
    static final int GENAI_MODEL = 16;
    static final int GENAI_INPUT_TOKENS = 17;
    static final int GENAI_OUTPUT_TOKENS = 18;
    static final int COLUMNS = 19;

    /** Attribute type code meaning "the value is in dedicated column N (the next byte)". */
    static final int DEDICATED = 8;
    static final String[] DEDICATED_KEYS = {
        "gen_ai.system", "gen_ai.request.model", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens"
    };
    private static final AttrValue.Type[] DEDICATED_TYPES = {
        AttrValue.Type.STRING, AttrValue.Type.STRING, AttrValue.Type.INT, AttrValue.Type.INT
    };

    private SpanColumns() {
    }

    /** Encodes {@code spans} (in order) into {@code out}, adding strings to {@code dict}. */
    static void encode(List<Span> spans, StringDictionary dict, ByteSink out) {
        ByteSink[] col = new ByteSink[COLUMNS];
        for (int i = 0; i < COLUMNS; i++) {
            col[i] = new ByteSink(64);
        }
        Map<TraceId, Integer> traces = new HashMap<>();
        List<TraceId> traceList = new ArrayList<>();
        Map<Resource, Integer> resources = new IdentityHashMap<>();
        Map<Scope, Integer> scopes = new IdentityHashMap<>();
        ByteSink resTable = new ByteSink(64);
        ByteSink scopeTable = new ByteSink(64);
        ByteSink traceIdx = new ByteSink(16);
        long prevStart = 0;
        AttrValue[] pending = new AttrValue[DEDICATED_KEYS.length];
        for (Span s : spans) {
            Integer t = traces.get(s.traceId());
            if (t == null) {
                t = traceList.size();
                traces.put(s.traceId(), t);
                traceList.add(s.traceId());
            }
            traceIdx.putUvarint(t);
            col[SPAN_ID].putLong(s.spanId());
            col[PARENT].putLong(s.parentSpanId());
            col[NAME].putUvarint(dict.id(s.name()));
            col[KIND].putUvarint(s.kind());
            col[START].putVarint(s.startNanos() - prevStart);
            prevStart = s.startNanos();
            col[DURATION].putVarint(s.endNanos() - s.startNanos());
            col[STATUS].putUvarint(s.statusCode()).putUvarint(dict.id(s.statusMessage()));
            col[STATE_FLAGS].putUvarint(dict.id(s.traceState())).putUvarint(s.flags() & 0xFFFFFFFFL);
            Integer r = resources.get(s.resource());
            if (r == null) {
                r = resources.size();
                resources.put(s.resource(), r);
                writeAttrs(s.resource().attributes(), dict, resTable, null);
                resTable.putUvarint(s.resource().droppedAttributes()).putUvarint(dict.id(s.resource().schemaUrl()));
            }
            col[RESOURCE].putUvarint(r);
            col[SERVICE].putUvarint(dict.id(s.resource().serviceName()));
            Integer sc = scopes.get(s.scope());
            if (sc == null) {
                sc = scopes.size();
                scopes.put(s.scope(), sc);
                Scope scope = s.scope();
                scopeTable.putUvarint(dict.id(scope.name())).putUvarint(dict.id(scope.version()));
                writeAttrs(scope.attributes(), dict, scopeTable, null);
                scopeTable.putUvarint(scope.droppedAttributes()).putUvarint(dict.id(scope.schemaUrl()));
            }
            col[SCOPE].putUvarint(sc);
            writeAttrs(s.attributes(), dict, col[ATTRS], pending);
            col[ATTRS].putUvarint(s.droppedAttributes());
            col[EVENTS].putUvarint(s.events().size());
            for (SpanEvent e : s.events()) {
                col[EVENTS].putVarint(e.timeNanos() - s.startNanos()).putUvarint(dict.id(e.name()));
                writeAttrs(e.attributes(), dict, col[EVENTS], null);
                col[EVENTS].putUvarint(e.droppedAttributes());
            }
            col[EVENTS].putUvarint(s.droppedEvents());
            col[LINKS].putUvarint(s.links().size());
            for (SpanLink l : s.links()) {
                col[LINKS].putLong(l.traceId().hi()).putLong(l.traceId().lo()).putLong(l.spanId())
                        .putUvarint(dict.id(l.traceState())).putUvarint(l.flags() & 0xFFFFFFFFL);
                writeAttrs(l.attributes(), dict, col[LINKS], null);
                col[LINKS].putUvarint(l.droppedAttributes());
            }
            col[LINKS].putUvarint(s.droppedLinks());
            finishDedicated(col, pending, dict);
        }
        col[TRACE].putUvarint(traceList.size());
        for (TraceId id : traceList) {
            col[TRACE].putLong(id.hi()).putLong(id.lo());
        }
        if (traceList.size() > 1) {
            col[TRACE].putBytes(traceIdx.array(), 0, traceIdx.length());
        }
        ByteSink res = new ByteSink(resTable.length() + 16).putUvarint(resources.size());
        res.putBytes(resTable.array(), 0, resTable.length()).putBytes(col[RESOURCE].array(), 0, col[RESOURCE].length());
        col[RESOURCE] = res;
        ByteSink sco = new ByteSink(scopeTable.length() + 16).putUvarint(scopes.size());
        sco.putBytes(scopeTable.array(), 0, scopeTable.length()).putBytes(col[SCOPE].array(), 0, col[SCOPE].length());
        col[SCOPE] = sco;
        out.putUvarint(spans.size()).putUvarint(COLUMNS);
        for (ByteSink c : col) {
            out.putUvarint(c.length());
        }
        for (ByteSink c : col) {
            out.putBytes(c.array(), 0, c.length());
        }
    }

    // pending[k] holds the value a span's attributes moved to dedicated column k (null: none).
    private static void writeAttrs(List<Attr> attrs, StringDictionary dict, ByteSink out, AttrValue[] pending) {
        out.putUvarint(attrs.size());
        for (Attr a : attrs) {
            out.putUvarint(dict.id(a.key()));
            if (pending != null) {
                int k = dedicatedIndex(a);
                if (k >= 0 && pending[k] == null) {
                    pending[k] = a.value();
                    out.putUvarint(DEDICATED).putUvarint(k);
                    continue;
                }
            }
            writeValue(a.value(), dict, out);
        }
    }

    private static int dedicatedIndex(Attr a) {
        for (int k = 0; k < DEDICATED_KEYS.length; k++) {
            if (DEDICATED_KEYS[k].equals(a.key()) && a.value().type() == DEDICATED_TYPES[k]) {
                return k;
            }
        }
        return -1;
    }

    private static void finishDedicated(ByteSink[] col, AttrValue[] pending, StringDictionary dict) {
        for (int k = 0; k < 4; k++) {
            AttrValue v = pending[k];
            ByteSink c = col[GENAI_SYSTEM + k];
            if (k < 2) {
                c.putUvarint(v == null ? 0 : 1 + (long) dict.id(v.stringValue()));
            } else if (v == null) {
                c.putByte(0);
            } else {
                c.putByte(1).putVarint(v.intValue());
            }
            pending[k] = null;
        }
    }

    private static void writeValue(AttrValue v, StringDictionary dict, ByteSink out) {
        out.putUvarint(v.type().ordinal());
        switch (v.type()) {
            case EMPTY -> {
            }
            case STRING -> out.putUvarint(dict.id(v.stringValue()));
            case BOOL -> out.putByte(v.boolValue() ? 1 : 0);
            case INT -> out.putVarint(v.intValue());
            case DOUBLE -> out.putLong(Double.doubleToRawLongBits(v.doubleValue()));
            case BYTES -> {
                byte[] b = v.bytesValue();
                out.putUvarint(b.length).putBytes(b);
            }
            case ARRAY -> {
                out.putUvarint(v.arrayValue().size());
                for (AttrValue e : v.arrayValue()) {
                    writeValue(e, dict, out);
                }
            }
            case KVLIST -> writeAttrs(v.kvlistValue(), dict, out, null);
        }
    }

    /** Decodes one group written by {@link #encode}; the source is positioned after it. */
    static List<Span> decode(ByteSource in, StringDictionary dict) {
        int n = in.getUvarintInt();
        int cols = in.getUvarintInt();
        if (cols < COLUMNS) {
            throw new CorruptDataException("too few span columns [columns=" + cols + "]");
        }
        int[] len = new int[cols];
        for (int i = 0; i < cols; i++) {
            len[i] = in.getUvarintInt();
        }
        ByteSource[] c = new ByteSource[COLUMNS];
        for (int i = 0; i < cols; i++) {
            if (len[i] > in.remaining()) {
                throw new CorruptDataException("span column overruns its group [column=" + i + "]");
            }
            byte[] b = in.getBytes(len[i]);
            if (i < COLUMNS) {
                c[i] = new ByteSource(b);
            }
        }
        int t = c[TRACE].getUvarintInt();
        TraceId[] traceIds = new TraceId[t];
        for (int i = 0; i < t; i++) {
            traceIds[i] = new TraceId(c[TRACE].getLong(), c[TRACE].getLong());
        }
        Resource[] resources = new Resource[c[RESOURCE].getUvarintInt()];
        for (int i = 0; i < resources.length; i++) {
            List<Attr> attrs = readAttrs(c[RESOURCE], dict, null);
            resources[i] = new Resource(attrs, c[RESOURCE].getUvarintInt(), dict.get(c[RESOURCE].getUvarintInt()));
        }
        Scope[] scopes = new Scope[c[SCOPE].getUvarintInt()];
        for (int i = 0; i < scopes.length; i++) {
            String name = dict.get(c[SCOPE].getUvarintInt());
            String version = dict.get(c[SCOPE].getUvarintInt());
            List<Attr> attrs = readAttrs(c[SCOPE], dict, null);
            scopes[i] = new Scope(name, version, attrs, c[SCOPE].getUvarintInt(), dict.get(c[SCOPE].getUvarintInt()));
        }
        List<Span> out = new ArrayList<>(n);
        long start = 0;
        AttrValue[] dedicated = new AttrValue[4];
        for (int i = 0; i < n; i++) {
            TraceId traceId = t == 1 ? traceIds[0] : traceIds[index(c[TRACE].getUvarintInt(), t)];
            long spanId = c[SPAN_ID].getLong();
            long parent = c[PARENT].getLong();
            String name = dict.get(c[NAME].getUvarintInt());
            int kind = c[KIND].getUvarintInt();
            start += c[START].getVarint();
            long end = start + c[DURATION].getVarint();
            int statusCode = c[STATUS].getUvarintInt();
            String statusMessage = dict.get(c[STATUS].getUvarintInt());
            String traceState = dict.get(c[STATE_FLAGS].getUvarintInt());
            int flags = (int) c[STATE_FLAGS].getUvarint();
            Resource resource = resources[index(c[RESOURCE].getUvarintInt(), resources.length)];
            c[SERVICE].getUvarint();
            Scope scope = scopes[index(c[SCOPE].getUvarintInt(), scopes.length)];
            for (int k = 0; k < 4; k++) {
                ByteSource d = c[GENAI_SYSTEM + k];
                if (k < 2) {
                    int id = d.getUvarintInt();
                    dedicated[k] = id == 0 ? null : AttrValue.string(dict.get(id - 1));
                } else {
                    dedicated[k] = d.getByte() == 0 ? null : AttrValue.integer(d.getVarint());
                }
            }
            List<Attr> attrs = readAttrs(c[ATTRS], dict, dedicated);
            int droppedAttrs = c[ATTRS].getUvarintInt();
            int ne = c[EVENTS].getUvarintInt();
            List<SpanEvent> events = new ArrayList<>(Math.min(ne, 64));
            for (int e = 0; e < ne; e++) {
                long time = start + c[EVENTS].getVarint();
                String en = dict.get(c[EVENTS].getUvarintInt());
                List<Attr> ea = readAttrs(c[EVENTS], dict, null);
                events.add(new SpanEvent(time, en, ea, c[EVENTS].getUvarintInt()));
            }
            int droppedEvents = c[EVENTS].getUvarintInt();
            int nl = c[LINKS].getUvarintInt();
            List<SpanLink> links = new ArrayList<>(Math.min(nl, 64));
            for (int l = 0; l < nl; l++) {
                TraceId lt = new TraceId(c[LINKS].getLong(), c[LINKS].getLong());
                long ls = c[LINKS].getLong();
                String state = dict.get(c[LINKS].getUvarintInt());
                int lflags = (int) c[LINKS].getUvarint();
                List<Attr> la = readAttrs(c[LINKS], dict, null);
                links.add(new SpanLink(lt, ls, state, la, c[LINKS].getUvarintInt(), lflags));
            }
            int droppedLinks = c[LINKS].getUvarintInt();
            out.add(new Span(traceId, spanId, parent, traceState, flags, name, kind, start, end, attrs, droppedAttrs,
                    events, droppedEvents, links, droppedLinks, statusCode, statusMessage, resource, scope));
        }
        return out;
    }

    static int index(int i, int size) {
        if (i < 0 || i >= size) {
            throw new CorruptDataException("table index out of range [index=" + i + ", size=" + size + "]");
        }
        return i;
    }

    static List<Attr> readAttrsOf(ByteSource in, StringDictionary dict, AttrValue[] dedicated) {
        return readAttrs(in, dict, dedicated);
    }

    private static List<Attr> readAttrs(ByteSource in, StringDictionary dict, AttrValue[] dedicated) {
        int n = in.getUvarintInt();
        List<Attr> out = new ArrayList<>(Math.min(n, 256));
        for (int i = 0; i < n; i++) {
            String key = dict.get(in.getUvarintInt());
            out.add(new Attr(key, readValue(in, dict, dedicated)));
        }
        return out;
    }

    private static AttrValue readValue(ByteSource in, StringDictionary dict, AttrValue[] dedicated) {
        int type = in.getUvarintInt();
        if (type == DEDICATED) {
            int k = in.getUvarintInt();
            if (dedicated == null || k >= dedicated.length || dedicated[k] == null) {
                throw new CorruptDataException("dedicated column reference without a value [column=" + k + "]");
            }
            return dedicated[k];
        }
        if (type >= AttrValue.Type.values().length) {
            throw new CorruptDataException("unknown attribute type [type=" + type + "]");
        }
        return switch (AttrValue.Type.values()[type]) {
            case EMPTY -> AttrValue.EMPTY_VALUE;
            case STRING -> AttrValue.string(dict.get(in.getUvarintInt()));
            case BOOL -> AttrValue.bool(in.getByte() != 0);
            case INT -> AttrValue.integer(in.getVarint());
            case DOUBLE -> AttrValue.dbl(Double.longBitsToDouble(in.getLong()));
            case BYTES -> AttrValue.bytes(in.getBytes(in.getUvarintInt()));
            case ARRAY -> {
                int n = in.getUvarintInt();
                List<AttrValue> vs = new ArrayList<>(Math.min(n, 256));
                for (int i = 0; i < n; i++) {
                    vs.add(readValue(in, dict, null));
                }
                yield AttrValue.array(vs);
            }
            case KVLIST -> AttrValue.kvlist(readAttrs(in, dict, null));
        };
    }
}
