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
import ai.gatewayz.obs.traces.storage.ScanPlan;
import com.github.luben.zstd.Zstd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A page of a version-2 block: the spans of consecutive traces (in trace-id order) stored column
 * by column, each column compressed with zstd on its own, so a search decompresses and decodes
 * only the columns its query reads. Trace ids, span counts and trace start times are in the
 * block's index, not in the page. Layout in docs/formats/trace-block.md. Stateless.
 */
final class PageColumns {
    static final int SPAN_ID = 0;
    static final int PARENT = 1;
    static final int NAME = 2;
    static final int KIND = 3;
    static final int START = 4;
    static final int DURATION = 5;
    static final int STATUS = 6;
    static final int STATE_FLAGS = 7;
    static final int RESOURCE = 8;
    static final int SCOPE = 9;
    static final int ATTRS = 10;
    static final int EVENTS = 11;
    static final int LINKS = 12;
    static final int GENAI = 13; // four columns: system, request.model, input tokens, output tokens
    static final int COLUMNS = 17;

    /** A page is closed once it holds at least this many spans (a trace is never split). */
    static final int TARGET_SPANS = 2048;
    /** Columns shorter than this are stored raw. */
    private static final int MIN_COMPRESS = 32;

    // parent column codes
    private static final int PARENT_NONE = 0;
    private static final int PARENT_EXPLICIT = 1;
    private static final int PARENT_INDEX = 2;

    // dedicated column codes (strings: id + 2; ints: 2 then the varint value)
    private static final int DED_ABSENT = 0;
    private static final int DED_ELSEWHERE = 1;
    private static final int DED_VALUE = 2;

    private PageColumns() {
    }

    /** Per-page statistics kept in the block's page table. */
    record Stats(long minStart, long maxEnd, long maxDuration) {
    }

    /** Encodes the traces (each in {@link ai.gatewayz.obs.traces.storage.TraceMerge#ORDER}) into {@code out}. */
    static Stats encode(List<List<Span>> traces, StringDictionary dict, int level, ByteSink out) {
        ByteSink[] col = new ByteSink[COLUMNS];
        for (int i = 0; i < COLUMNS; i++) {
            col[i] = new ByteSink(256);
        }
        Map<Resource, Integer> resources = new HashMap<>();
        Map<Scope, Integer> scopes = new HashMap<>();
        ByteSink resTable = new ByteSink(128);
        ByteSink scopeTable = new ByteSink(128);
        ByteSink resIdx = new ByteSink(256);
        ByteSink scopeIdx = new ByteSink(256);
        AttrValue[] pending = new AttrValue[4];
        int[] code = new int[4];
        int[] dedPos = new int[4];
        Map<Long, Integer> pos = new HashMap<>();
        long minStart = Long.MAX_VALUE;
        long maxEnd = Long.MIN_VALUE;
        long maxDur = 0;
        int n = 0;
        for (List<Span> spans : traces) {
            pos.clear();
            for (int i = 0; i < spans.size(); i++) {
                pos.putIfAbsent(spans.get(i).spanId(), i);
            }
            long prevStart = spans.getFirst().startNanos();
            for (Span s : spans) {
                n++;
                minStart = Math.min(minStart, s.startNanos());
                maxEnd = Math.max(maxEnd, s.endNanos());
                maxDur = Math.max(maxDur, s.endNanos() - s.startNanos());
                col[SPAN_ID].putLong(s.spanId());
                Integer p = s.parentSpanId() == 0 ? null : pos.get(s.parentSpanId());
                if (s.parentSpanId() == 0) {
                    col[PARENT].putUvarint(PARENT_NONE);
                } else if (p == null) {
                    col[PARENT].putUvarint(PARENT_EXPLICIT).putLong(s.parentSpanId());
                } else {
                    col[PARENT].putUvarint(PARENT_INDEX + (long) p);
                }
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
                    writeAttrs(s.resource().attributes(), dict, resTable);
                    resTable.putUvarint(s.resource().droppedAttributes()).putUvarint(dict.id(s.resource().schemaUrl()));
                }
                resIdx.putUvarint(r);
                Integer sc = scopes.get(s.scope());
                if (sc == null) {
                    sc = scopes.size();
                    scopes.put(s.scope(), sc);
                    Scope scope = s.scope();
                    scopeTable.putUvarint(dict.id(scope.name())).putUvarint(dict.id(scope.version()));
                    writeAttrs(scope.attributes(), dict, scopeTable);
                    scopeTable.putUvarint(scope.droppedAttributes()).putUvarint(dict.id(scope.schemaUrl()));
                }
                scopeIdx.putUvarint(sc);
                chooseDedicated(s.attributes(), pending, code, dedPos);
                writeSpanAttrs(s.attributes(), dict, col[ATTRS], dedPos);
                col[ATTRS].putUvarint(s.droppedAttributes());
                col[EVENTS].putUvarint(s.events().size());
                for (SpanEvent e : s.events()) {
                    col[EVENTS].putVarint(e.timeNanos() - s.startNanos()).putUvarint(dict.id(e.name()));
                    writeAttrs(e.attributes(), dict, col[EVENTS]);
                    col[EVENTS].putUvarint(e.droppedAttributes());
                }
                col[EVENTS].putUvarint(s.droppedEvents());
                col[LINKS].putUvarint(s.links().size());
                for (SpanLink l : s.links()) {
                    col[LINKS].putLong(l.traceId().hi()).putLong(l.traceId().lo()).putLong(l.spanId())
                            .putUvarint(dict.id(l.traceState())).putUvarint(l.flags() & 0xFFFFFFFFL);
                    writeAttrs(l.attributes(), dict, col[LINKS]);
                    col[LINKS].putUvarint(l.droppedAttributes());
                }
                col[LINKS].putUvarint(s.droppedLinks());
                for (int k = 0; k < 4; k++) {
                    ByteSink c = col[GENAI + k];
                    if (code[k] != DED_VALUE) {
                        c.putUvarint(code[k]);
                    } else if (k < 2) {
                        c.putUvarint(DED_VALUE + (long) dict.id(pending[k].stringValue()));
                    } else {
                        c.putUvarint(DED_VALUE).putVarint(pending[k].intValue());
                    }
                }
            }
        }
        col[RESOURCE].putUvarint(resources.size()).putBytes(resTable.array(), 0, resTable.length())
                .putBytes(resIdx.array(), 0, resIdx.length());
        col[SCOPE].putUvarint(scopes.size()).putBytes(scopeTable.array(), 0, scopeTable.length())
                .putBytes(scopeIdx.array(), 0, scopeIdx.length());
        out.putUvarint(n).putUvarint(COLUMNS);
        byte[][] stored = new byte[COLUMNS][];
        for (int i = 0; i < COLUMNS; i++) {
            stored[i] = compress(col[i], level);
            out.putUvarint(col[i].length()).putUvarint(stored[i].length);
        }
        for (byte[] b : stored) {
            out.putBytes(b);
        }
        return new Stats(minStart, maxEnd, maxDur);
    }

    private static byte[] compress(ByteSink raw, int level) {
        if (raw.length() < MIN_COMPRESS) {
            return raw.toByteArray();
        }
        byte[] dst = new byte[(int) Zstd.compressBound(raw.length())];
        long len = Zstd.compressByteArray(dst, 0, dst.length, raw.array(), 0, raw.length(), level);
        if (Zstd.isError(len)) {
            throw new IllegalStateException("zstd compression failed [error=" + Zstd.getErrorName(len) + "]");
        }
        if (len >= raw.length()) {
            return raw.toByteArray();
        }
        return java.util.Arrays.copyOf(dst, (int) len);
    }

    /**
     * For each dedicated key: the first attribute with that key is dedicated only when its type
     * matches ({@code pos[k]} its position); otherwise the key is marked as stored elsewhere.
     */
    private static void chooseDedicated(List<Attr> attrs, AttrValue[] pending, int[] code, int[] pos) {
        for (int k = 0; k < 4; k++) {
            pending[k] = null;
            code[k] = DED_ABSENT;
            pos[k] = -1;
        }
        for (int i = 0; i < attrs.size(); i++) {
            Attr a = attrs.get(i);
            int k = dedicatedKey(a.key());
            if (k >= 0 && code[k] == DED_ABSENT) {
                if (a.value().type() == (k < 2 ? AttrValue.Type.STRING : AttrValue.Type.INT)) {
                    code[k] = DED_VALUE;
                    pending[k] = a.value();
                    pos[k] = i;
                } else {
                    code[k] = DED_ELSEWHERE;
                }
            }
        }
    }

    private static void writeSpanAttrs(List<Attr> attrs, StringDictionary dict, ByteSink out, int[] pos) {
        out.putUvarint(attrs.size());
        for (int i = 0; i < attrs.size(); i++) {
            Attr a = attrs.get(i);
            out.putUvarint(dict.id(a.key()));
            int k = dedicatedKey(a.key());
            if (k >= 0 && pos[k] == i) {
                out.putUvarint(SpanColumns.DEDICATED).putUvarint(k);
            } else {
                writeValue(a.value(), dict, out);
            }
        }
    }

    private static void writeAttrs(List<Attr> attrs, StringDictionary dict, ByteSink out) {
        out.putUvarint(attrs.size());
        for (Attr a : attrs) {
            out.putUvarint(dict.id(a.key()));
            writeValue(a.value(), dict, out);
        }
    }

    private static int dedicatedKey(String key) {
        for (int k = 0; k < 4; k++) {
            if (SpanColumns.DEDICATED_KEYS[k].equals(key)) {
                return k;
            }
        }
        return -1;
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
            case KVLIST -> writeAttrs(v.kvlistValue(), dict, out);
        }
    }

    // ---- decoding

    /**
     * Decodes the spans of the page's traces. {@code ids[t]} and {@code counts[t]} are the trace ids
     * and span counts of the page's traces (from the index), {@code starts[t]} their first span
     * starts; only traces with {@code want[t]} are materialized (null: all). Fields outside
     * {@code plan} are left empty. Returns one list per trace (null where not wanted).
     */
    static List<Span>[] decode(byte[] page, StringDictionary dict, TraceId[] ids, int[] counts, long[] starts, boolean[] want,
            ScanPlan plan) {
        ByteSource in = new ByteSource(page);
        int n = in.getUvarintInt();
        int cols = in.getUvarintInt();
        if (cols < COLUMNS) {
            throw new CorruptDataException("too few page columns [columns=" + cols + "]");
        }
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        if (total != n) {
            throw new CorruptDataException("page span count disagrees with the index [page=" + n + ", index=" + total + "]");
        }
        int[] raw = new int[cols];
        int[] stored = new int[cols];
        for (int i = 0; i < cols; i++) {
            raw[i] = in.getUvarintInt();
            stored[i] = in.getUvarintInt();
        }
        boolean attrs = plan.attributes();
        boolean genAi = attrs || plan.genAiOnly();
        boolean[] needed = new boolean[COLUMNS];
        needed[SPAN_ID] = needed[PARENT] = needed[START] = needed[DURATION] = needed[RESOURCE] = needed[SCOPE] = true;
        needed[NAME] = plan.name();
        needed[KIND] = plan.kind();
        needed[STATUS] = plan.status();
        needed[STATE_FLAGS] = plan.whole();
        needed[ATTRS] = attrs;
        needed[EVENTS] = plan.events();
        needed[LINKS] = plan.links();
        for (int k = 0; k < 4; k++) {
            needed[GENAI + k] = genAi;
        }
        int base = in.position();
        int[] at = new int[cols];
        int off = 0;
        for (int i = 0; i < cols; i++) {
            at[i] = off;
            off += stored[i];
        }
        if (off > in.remaining()) {
            throw new CorruptDataException("page columns overrun the page [bytes=" + off + "]");
        }
        ByteSource[] c = new ByteSource[COLUMNS];
        byte[][] bytes = new byte[COLUMNS][];
        for (int i = 0; i < COLUMNS; i++) {
            if (needed[i]) {
                bytes[i] = column(page, base + at[i], stored[i], raw[i], i);
                c[i] = new ByteSource(bytes[i]);
            }
        }
        if (!attrs && genAi) {
            attrs = hasElsewhere(bytes, n);
            if (attrs) {
                c[ATTRS] = new ByteSource(column(page, base + at[ATTRS], stored[ATTRS], raw[ATTRS], ATTRS));
            }
        }
        Resource[] resources = readResources(c[RESOURCE], dict);
        Scope[] scopes = readScopes(c[SCOPE], dict);
        @SuppressWarnings("unchecked")
        List<Span>[] out = new List[ids.length];
        AttrValue[] dedicated = new AttrValue[4];
        long[] spanIds = new long[64];
        for (int t = 0; t < ids.length; t++) {
            boolean keep = want == null || want[t];
            int cnt = counts[t];
            List<Span> spans = keep ? new ArrayList<>(cnt) : null;
            if (spanIds.length < cnt) {
                spanIds = new long[cnt];
            }
            long start = starts[t];
            for (int i = 0; i < cnt; i++) {
                spanIds[i] = c[SPAN_ID].getLong(); // a parent may come later in start order
            }
            for (int i = 0; i < cnt; i++) {
                long spanId = spanIds[i];
                int pc = c[PARENT].getUvarintInt();
                long parent;
                if (pc == PARENT_NONE) {
                    parent = 0;
                } else if (pc == PARENT_EXPLICIT) {
                    parent = c[PARENT].getLong();
                } else {
                    parent = spanIds[SpanColumns.index(pc - PARENT_INDEX, cnt)];
                }
                start += c[START].getVarint();
                long end = start + c[DURATION].getVarint();
                int resIx = c[RESOURCE].getUvarintInt();
                int scopeIx = c[SCOPE].getUvarintInt();
                if (!keep) {
                    skipRow(c, needed, genAi, attrs);
                    continue;
                }
                String name = needed[NAME] ? dict.get(c[NAME].getUvarintInt()) : "";
                int kind = needed[KIND] ? c[KIND].getUvarintInt() : 0;
                int statusCode = 0;
                String statusMessage = "";
                if (needed[STATUS]) {
                    statusCode = c[STATUS].getUvarintInt();
                    statusMessage = dict.get(c[STATUS].getUvarintInt());
                }
                String traceState = "";
                int flags = 0;
                if (needed[STATE_FLAGS]) {
                    traceState = dict.get(c[STATE_FLAGS].getUvarintInt());
                    flags = (int) c[STATE_FLAGS].getUvarint();
                }
                List<Attr> spanAttrs = List.of();
                int droppedAttrs = 0;
                if (genAi) {
                    for (int k = 0; k < 4; k++) {
                        ByteSource d = c[GENAI + k];
                        int v = d.getUvarintInt();
                        if (v < DED_VALUE) {
                            dedicated[k] = null;
                        } else if (k < 2) {
                            dedicated[k] = AttrValue.string(dict.get(v - DED_VALUE));
                        } else {
                            dedicated[k] = AttrValue.integer(d.getVarint());
                        }
                    }
                    if (attrs) {
                        spanAttrs = readAttrs(c[ATTRS], dict, dedicated);
                        droppedAttrs = c[ATTRS].getUvarintInt();
                    } else {
                        List<Attr> only = new ArrayList<>(4);
                        for (int k = 0; k < 4; k++) {
                            if (dedicated[k] != null) {
                                only.add(new Attr(SpanColumns.DEDICATED_KEYS[k], dedicated[k]));
                            }
                        }
                        spanAttrs = only;
                    }
                }
                List<SpanEvent> events = List.of();
                int droppedEvents = 0;
                if (needed[EVENTS]) {
                    int ne = c[EVENTS].getUvarintInt();
                    events = new ArrayList<>(Math.min(ne, 64));
                    for (int e = 0; e < ne; e++) {
                        long time = start + c[EVENTS].getVarint();
                        String en = dict.get(c[EVENTS].getUvarintInt());
                        List<Attr> ea = readAttrs(c[EVENTS], dict, null);
                        events.add(new SpanEvent(time, en, ea, c[EVENTS].getUvarintInt()));
                    }
                    droppedEvents = c[EVENTS].getUvarintInt();
                }
                List<SpanLink> links = List.of();
                int droppedLinks = 0;
                if (needed[LINKS]) {
                    int nl = c[LINKS].getUvarintInt();
                    links = new ArrayList<>(Math.min(nl, 64));
                    for (int l = 0; l < nl; l++) {
                        TraceId lt = new TraceId(c[LINKS].getLong(), c[LINKS].getLong());
                        long ls = c[LINKS].getLong();
                        String state = dict.get(c[LINKS].getUvarintInt());
                        int lflags = (int) c[LINKS].getUvarint();
                        List<Attr> la = readAttrs(c[LINKS], dict, null);
                        links.add(new SpanLink(lt, ls, state, la, c[LINKS].getUvarintInt(), lflags));
                    }
                    droppedLinks = c[LINKS].getUvarintInt();
                }
                if (keep) {
                    spans.add(new Span(ids[t], spanId, parent, traceState, flags, name, kind, start, end, spanAttrs, droppedAttrs,
                            events, droppedEvents, links, droppedLinks, statusCode, statusMessage,
                            resources[SpanColumns.index(resIx, resources.length)],
                            scopes[SpanColumns.index(scopeIx, scopes.length)]));
                }
            }
            out[t] = spans;
        }
        return out;
    }

    /** Advances the cursors past one span of an unwanted trace without building anything. */
    private static void skipRow(ByteSource[] c, boolean[] needed, boolean genAi, boolean attrs) {
        if (needed[NAME]) {
            c[NAME].getUvarint();
        }
        if (needed[KIND]) {
            c[KIND].getUvarint();
        }
        if (needed[STATUS]) {
            c[STATUS].getUvarint();
            c[STATUS].getUvarint();
        }
        if (needed[STATE_FLAGS]) {
            c[STATE_FLAGS].getUvarint();
            c[STATE_FLAGS].getUvarint();
        }
        if (genAi) {
            for (int k = 0; k < 4; k++) {
                int v = c[GENAI + k].getUvarintInt();
                if (k >= 2 && v >= DED_VALUE) {
                    c[GENAI + k].getVarint();
                }
            }
        }
        if (attrs) {
            skipAttrs(c[ATTRS]);
            c[ATTRS].getUvarint();
        }
        if (needed[EVENTS]) {
            int ne = c[EVENTS].getUvarintInt();
            for (int e = 0; e < ne; e++) {
                c[EVENTS].getVarint();
                c[EVENTS].getUvarint();
                skipAttrs(c[EVENTS]);
                c[EVENTS].getUvarint();
            }
            c[EVENTS].getUvarint();
        }
        if (needed[LINKS]) {
            int nl = c[LINKS].getUvarintInt();
            for (int l = 0; l < nl; l++) {
                c[LINKS].getLong();
                c[LINKS].getLong();
                c[LINKS].getLong();
                c[LINKS].getUvarint();
                c[LINKS].getUvarint();
                skipAttrs(c[LINKS]);
                c[LINKS].getUvarint();
            }
            c[LINKS].getUvarint();
        }
    }

    private static void skipAttrs(ByteSource in) {
        int n = in.getUvarintInt();
        for (int i = 0; i < n; i++) {
            in.getUvarint();
            skipValue(in);
        }
    }

    private static void skipValue(ByteSource in) {
        int type = in.getUvarintInt();
        switch (type) {
            case 0 -> {
            }
            case 1, 8 -> in.getUvarint();
            case 2 -> in.getByte();
            case 3 -> in.getVarint();
            case 4 -> in.getLong();
            case 5 -> in.getBytes(in.getUvarintInt());
            case 6 -> {
                int n = in.getUvarintInt();
                for (int i = 0; i < n; i++) {
                    skipValue(in);
                }
            }
            case 7 -> skipAttrs(in);
            default -> throw new CorruptDataException("unknown attribute type [type=" + type + "]");
        }
    }

    private static boolean hasElsewhere(byte[][] bytes, int n) {
        for (int k = 0; k < 4; k++) {
            ByteSource d = new ByteSource(bytes[GENAI + k]);
            for (int i = 0; i < n; i++) {
                int v = d.getUvarintInt();
                if (v == DED_ELSEWHERE) {
                    return true;
                }
                if (v >= DED_VALUE && k >= 2) {
                    d.getVarint();
                }
            }
        }
        return false;
    }

    private static byte[] column(byte[] page, int off, int stored, int raw, int col) {
        if (stored == raw) {
            return java.util.Arrays.copyOfRange(page, off, off + stored);
        }
        byte[] dst = new byte[raw];
        long got = Zstd.decompressByteArray(dst, 0, raw, page, off, stored);
        if (Zstd.isError(got) || got != raw) {
            throw new CorruptDataException("page column does not decompress [column=" + col + "]");
        }
        return dst;
    }

    private static Resource[] readResources(ByteSource in, StringDictionary dict) {
        int n = in.getUvarintInt();
        if (n > in.remaining()) {
            throw new CorruptDataException("resource table too large [count=" + n + "]");
        }
        Resource[] out = new Resource[n];
        for (int i = 0; i < n; i++) {
            List<Attr> attrs = readAttrs(in, dict, null);
            out[i] = new Resource(attrs, in.getUvarintInt(), dict.get(in.getUvarintInt()));
        }
        return out;
    }

    private static Scope[] readScopes(ByteSource in, StringDictionary dict) {
        int n = in.getUvarintInt();
        if (n > in.remaining()) {
            throw new CorruptDataException("scope table too large [count=" + n + "]");
        }
        Scope[] out = new Scope[n];
        for (int i = 0; i < n; i++) {
            String name = dict.get(in.getUvarintInt());
            String version = dict.get(in.getUvarintInt());
            List<Attr> attrs = readAttrs(in, dict, null);
            out[i] = new Scope(name, version, attrs, in.getUvarintInt(), dict.get(in.getUvarintInt()));
        }
        return out;
    }

    private static List<Attr> readAttrs(ByteSource in, StringDictionary dict, AttrValue[] dedicated) {
        return SpanColumns.readAttrsOf(in, dict, dedicated);
    }
}
