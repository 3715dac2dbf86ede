package ai.gatewayz.obs.metrics.ingest;

import java.util.Arrays;

/**
 * A remote-write request (1.0 {@code WriteRequest} or 2.0 {@code Request}) decoded in place: byte
 * ranges into the uncompressed body and primitive arrays, no objects per series or sample
 * (wire-protocols.md §1.2, §1.3). Strings are checked for UTF-8 only where the caller asks (a
 * series whose label bytes are already known needs no check). Bodies this decoder cannot decide
 * about (native histograms, groups, malformed input, a repeated singular message) throw
 * {@link WireReader.Unsupported}; the generated classes then take over. Reusable, not thread-safe.
 */
final class WireRequest {
    boolean v2;
    byte[] buf;
    private final WireReader r = new WireReader();
    private final WireReader sub = new WireReader();
    private final WireReader inner = new WireReader();

    // Series: labels are pairs [labelFrom, labelTo) of the label arrays, samples [sampleFrom, sampleTo).
    int series;
    int[] labelFrom = new int[64];
    int[] labelTo = new int[64];
    int[] sampleFrom = new int[64];
    int[] sampleTo = new int[64];
    int[] exemplarFrom = new int[64];
    int[] exemplarTo = new int[64];
    /** 1.0: the contiguous byte range of all label fields (the series cache key), or -1 when they are interleaved. */
    int[] keyFrom = new int[64];
    int[] keyTo = new int[64];
    /** 2.0 metadata of a series: type, help_ref, unit_ref; {@code metaType[i] < 0} when absent. */
    int[] metaType = new int[64];
    int[] metaHelp = new int[64];
    int[] metaUnit = new int[64];

    // Label pairs. 1.0: byte offsets/lengths of name and value; 2.0: symbol refs (nameOff/valueOff) and odd-count marker.
    int labels;
    int[] nameOff = new int[256];
    int[] nameLen = new int[256];
    int[] valueOff = new int[256];
    int[] valueLen = new int[256];

    // Samples.
    int samples;
    long[] ts = new long[64];
    double[] vs = new double[64];

    // Exemplars (1.0 only): labels [exLabelFrom, exLabelTo) of the exemplar label arrays, checked for UTF-8.
    int exemplars;
    int xlabels;
    int[] xNameOff = new int[8];
    int[] xNameLen = new int[8];
    int[] xValueOff = new int[8];
    int[] xValueLen = new int[8];
    int[] exLabelFrom = new int[8];
    int[] exLabelTo = new int[8];
    long[] exTs = new long[8];
    double[] exVs = new double[8];

    // 2.0 symbols and label refs (uint32 values, kept as int bit patterns).
    int symbols;
    int[] symOff = new int[64];
    int[] symLen = new int[64];
    int refs;
    int[] ref = new int[256];

    // 1.0 metadata: type, and byte ranges of family name, help, unit.
    int metadata;
    int[] mdType = new int[4];
    int[] mdFamOff = new int[4];
    int[] mdFamLen = new int[4];
    int[] mdHelpOff = new int[4];
    int[] mdHelpLen = new int[4];
    int[] mdUnitOff = new int[4];
    int[] mdUnitLen = new int[4];

    private void clear(byte[] b, boolean isV2) {
        buf = b;
        v2 = isV2;
        series = 0;
        labels = 0;
        samples = 0;
        exemplars = 0;
        xlabels = 0;
        symbols = 0;
        refs = 0;
        metadata = 0;
    }

    int sampleCount(int s) {
        return sampleTo[s] - sampleFrom[s];
    }

    int exemplarCount(int s) {
        return exemplarTo[s] - exemplarFrom[s];
    }

    // ------------------------------------------------------------------ 1.0

    /** Decodes a {@code prometheus.WriteRequest} in {@code b[0, len)}. */
    WireRequest decodeV1(byte[] b, int len) {
        clear(b, false);
        WireReader in = r.reset(b, 0, len);
        while (in.more()) {
            int tag = in.tag();
            int field = tag >>> 3;
            int wt = tag & 7;
            if (wt == WireReader.LEN && field == 1) {
                int end = in.lengthDelimitedEnd();
                timeSeriesV1(in.pos, end);
                in.pos = end;
            } else if (wt == WireReader.LEN && field == 3) {
                int end = in.lengthDelimitedEnd();
                metadataV1(in.pos, end);
                in.pos = end;
            } else {
                in.skip(wt);
            }
        }
        return this;
    }

    private int newSeries() {
        int s = series;
        if (s == labelFrom.length) {
            int n = s * 2;
            labelFrom = Arrays.copyOf(labelFrom, n);
            labelTo = Arrays.copyOf(labelTo, n);
            sampleFrom = Arrays.copyOf(sampleFrom, n);
            sampleTo = Arrays.copyOf(sampleTo, n);
            exemplarFrom = Arrays.copyOf(exemplarFrom, n);
            exemplarTo = Arrays.copyOf(exemplarTo, n);
            keyFrom = Arrays.copyOf(keyFrom, n);
            keyTo = Arrays.copyOf(keyTo, n);
            metaType = Arrays.copyOf(metaType, n);
            metaHelp = Arrays.copyOf(metaHelp, n);
            metaUnit = Arrays.copyOf(metaUnit, n);
        }
        series++;
        return s;
    }

    private void timeSeriesV1(int from, int to) {
        int s = newSeries();
        WireReader in = sub.reset(buf, from, to);
        // Labels of this series are appended to the label arrays; samples and exemplars likewise.
        // They are not interleaved with another series' because series are decoded one at a time.
        labelFrom[s] = labels;
        sampleFrom[s] = samples;
        exemplarFrom[s] = exemplars;
        int kFrom = -1;
        int kTo = -1;
        boolean contiguous = true;
        while (in.more()) {
            int tagAt = in.pos;
            int tag = in.tag();
            int field = tag >>> 3;
            int wt = tag & 7;
            if (wt != WireReader.LEN || field > 4) {
                in.skip(wt);
                continue;
            }
            int end = in.lengthDelimitedEnd();
            switch (field) {
                case 1 -> {
                    if (kFrom < 0) {
                        kFrom = tagAt;
                    } else if (kTo != tagAt) {
                        contiguous = false;
                    }
                    kTo = end;
                    labelV1(in.pos, end);
                }
                case 2 -> sampleV1(in.pos, end);
                case 3 -> exemplarV1(in.pos, end);
                case 4 -> throw WireReader.unsupported(); // native histograms: the generated classes validate and count them
                default -> {
                }
            }
            in.pos = end;
        }
        labelTo[s] = labels;
        sampleTo[s] = samples;
        exemplarTo[s] = exemplars;
        keyFrom[s] = contiguous ? kFrom : -1;
        keyTo[s] = contiguous ? kTo : -1;
        metaType[s] = -1;
    }

    private int newLabel() {
        int i = labels;
        if (i == nameOff.length) {
            int n = i * 2;
            nameOff = Arrays.copyOf(nameOff, n);
            nameLen = Arrays.copyOf(nameLen, n);
            valueOff = Arrays.copyOf(valueOff, n);
            valueLen = Arrays.copyOf(valueLen, n);
        }
        labels++;
        return i;
    }

    /** A {@code Label} message of a series; the last occurrence of a field wins, absent strings are empty. */
    private void labelV1(int from, int to) {
        int i = newLabel();
        label(from, to, i, nameOff, nameLen, valueOff, valueLen);
    }

    private void label(int from, int to, int i, int[] nOff, int[] nLen, int[] vOff, int[] vLen) {
        nOff[i] = from;
        nLen[i] = 0;
        vOff[i] = from;
        vLen[i] = 0;
        WireReader in = inner.reset(buf, from, to);
        while (in.more()) {
            int tag = in.tag();
            int field = tag >>> 3;
            int wt = tag & 7;
            if (wt == WireReader.LEN && (field == 1 || field == 2)) {
                int end = in.lengthDelimitedEnd();
                if (field == 1) {
                    nOff[i] = in.pos;
                    nLen[i] = end - in.pos;
                } else {
                    vOff[i] = in.pos;
                    vLen[i] = end - in.pos;
                }
                in.pos = end;
            } else {
                in.skip(wt);
            }
        }
    }

    private int newSample() {
        int i = samples;
        if (i == ts.length) {
            ts = Arrays.copyOf(ts, i * 2);
            vs = Arrays.copyOf(vs, i * 2);
        }
        samples++;
        return i;
    }

    /** A 1.0 or 2.0 {@code Sample}: 1 value double, 2 timestamp int64 (2.0's start_timestamp is skipped). */
    private void sampleV1(int from, int to) {
        int i = newSample();
        long t = 0;
        double v = 0;
        WireReader in = inner.reset(buf, from, to);
        while (in.more()) {
            int tag = in.tag();
            if (tag == (1 << 3 | WireReader.I64)) {
                v = in.doubleValue();
            } else if (tag == (2 << 3 | WireReader.VARINT)) {
                t = in.varint64();
            } else {
                in.skip(tag & 7);
            }
        }
        ts[i] = t;
        vs[i] = v;
    }

    private int newExemplar() {
        int i = exemplars;
        if (i == exTs.length) {
            int n = i * 2;
            exLabelFrom = Arrays.copyOf(exLabelFrom, n);
            exLabelTo = Arrays.copyOf(exLabelTo, n);
            exTs = Arrays.copyOf(exTs, n);
            exVs = Arrays.copyOf(exVs, n);
        }
        exemplars++;
        return i;
    }

    /** A 1.0 {@code Exemplar}: 1 labels, 2 value, 3 timestamp. Its label strings are checked for UTF-8 here. */
    private void exemplarV1(int from, int to) {
        int i = newExemplar();
        exLabelFrom[i] = xlabels;
        long t = 0;
        double v = 0;
        WireReader in = new WireReader().reset(buf, from, to);
        while (in.more()) {
            int tag = in.tag();
            int field = tag >>> 3;
            int wt = tag & 7;
            if (field == 1 && wt == WireReader.LEN) {
                int end = in.lengthDelimitedEnd();
                if (xlabels == xNameOff.length) {
                    int n = xlabels * 2;
                    xNameOff = Arrays.copyOf(xNameOff, n);
                    xNameLen = Arrays.copyOf(xNameLen, n);
                    xValueOff = Arrays.copyOf(xValueOff, n);
                    xValueLen = Arrays.copyOf(xValueLen, n);
                }
                int x = xlabels++;
                label(in.pos, end, x, xNameOff, xNameLen, xValueOff, xValueLen);
                if (!WireReader.validUtf8(buf, xNameOff[x], xNameOff[x] + xNameLen[x])
                        || !WireReader.validUtf8(buf, xValueOff[x], xValueOff[x] + xValueLen[x])) {
                    throw WireReader.unsupported();
                }
                in.pos = end;
            } else if (field == 2 && wt == WireReader.I64) {
                v = in.doubleValue();
            } else if (field == 3 && wt == WireReader.VARINT) {
                t = in.varint64();
            } else {
                in.skip(wt);
            }
        }
        exLabelTo[i] = xlabels;
        exTs[i] = t;
        exVs[i] = v;
    }

    /** A 1.0 {@code MetricMetadata}: 1 type, 2 family name, 4 help, 5 unit. */
    private void metadataV1(int from, int to) {
        int i = metadata;
        if (i == mdType.length) {
            int n = i * 2;
            mdType = Arrays.copyOf(mdType, n);
            mdFamOff = Arrays.copyOf(mdFamOff, n);
            mdFamLen = Arrays.copyOf(mdFamLen, n);
            mdHelpOff = Arrays.copyOf(mdHelpOff, n);
            mdHelpLen = Arrays.copyOf(mdHelpLen, n);
            mdUnitOff = Arrays.copyOf(mdUnitOff, n);
            mdUnitLen = Arrays.copyOf(mdUnitLen, n);
        }
        metadata++;
        mdType[i] = 0;
        mdFamLen[i] = 0;
        mdHelpLen[i] = 0;
        mdUnitLen[i] = 0;
        WireReader in = sub.reset(buf, from, to);
        while (in.more()) {
            int tag = in.tag();
            int field = tag >>> 3;
            int wt = tag & 7;
            if (field == 1 && wt == WireReader.VARINT) {
                mdType[i] = in.varint32();
            } else if (wt == WireReader.LEN && (field == 2 || field == 4 || field == 5)) {
                int end = in.lengthDelimitedEnd();
                int off = in.pos;
                int len = end - off;
                if (!WireReader.validUtf8(buf, off, end)) {
                    throw WireReader.unsupported();
                }
                switch (field) {
                    case 2 -> {
                        mdFamOff[i] = off;
                        mdFamLen[i] = len;
                    }
                    case 4 -> {
                        mdHelpOff[i] = off;
                        mdHelpLen[i] = len;
                    }
                    default -> {
                        mdUnitOff[i] = off;
                        mdUnitLen[i] = len;
                    }
                }
                in.pos = end;
            } else {
                in.skip(wt);
            }
        }
    }

    // ------------------------------------------------------------------ 2.0

    /** Decodes an {@code io.prometheus.write.v2.Request} in {@code b[0, len)}; every symbol is checked for UTF-8. */
    WireRequest decodeV2(byte[] b, int len) {
        clear(b, true);
        WireReader in = r.reset(b, 0, len);
        while (in.more()) {
            int tag = in.tag();
            int field = tag >>> 3;
            int wt = tag & 7;
            if (wt == WireReader.LEN && field == 4) {
                int end = in.lengthDelimitedEnd();
                if (!WireReader.validUtf8(b, in.pos, end)) {
                    throw WireReader.unsupported();
                }
                if (symbols == symOff.length) {
                    symOff = Arrays.copyOf(symOff, symbols * 2);
                    symLen = Arrays.copyOf(symLen, symbols * 2);
                }
                symOff[symbols] = in.pos;
                symLen[symbols] = end - in.pos;
                symbols++;
                in.pos = end;
            } else if (wt == WireReader.LEN && field == 5) {
                int end = in.lengthDelimitedEnd();
                timeSeriesV2(in.pos, end);
                in.pos = end;
            } else {
                in.skip(wt);
            }
        }
        return this;
    }

    private void addRef(int v) {
        if (refs == ref.length) {
            ref = Arrays.copyOf(ref, refs * 2);
        }
        ref[refs++] = v;
    }

    /** Repeated uint32, packed or not: appends to the ref array. */
    private void refsField(WireReader in, int wt) {
        if (wt == WireReader.VARINT) {
            addRef(in.varint32());
        } else {
            int end = in.lengthDelimitedEnd();
            int saveLimit = in.limit;
            in.limit = end;
            while (in.more()) {
                addRef(in.varint32());
            }
            in.limit = saveLimit;
        }
    }

    private void timeSeriesV2(int from, int to) {
        int s = newSeries();
        // For 2.0 the label arrays are not used: labelFrom/labelTo index the ref array.
        labelFrom[s] = refs;
        sampleFrom[s] = samples;
        exemplarFrom[s] = exemplars;
        metaType[s] = -1;
        keyFrom[s] = -1;
        keyTo[s] = -1;
        WireReader in = sub.reset(buf, from, to);
        while (in.more()) {
            int tag = in.tag();
            int field = tag >>> 3;
            int wt = tag & 7;
            if (field == 1 && (wt == WireReader.VARINT || wt == WireReader.LEN)) {
                refsField(in, wt);
            } else if (wt == WireReader.LEN && field == 2) {
                int end = in.lengthDelimitedEnd();
                sampleV1(in.pos, end);
                in.pos = end;
            } else if (wt == WireReader.LEN && field == 3) {
                throw WireReader.unsupported(); // native histograms
            } else if (wt == WireReader.LEN && field == 4) {
                throw WireReader.unsupported(); // exemplar refs would interleave with the series refs; rare, left to the generated classes
            } else if (wt == WireReader.LEN && field == 5) {
                if (metaType[s] >= 0) {
                    throw WireReader.unsupported(); // a repeated message field merges; left to the generated classes
                }
                int end = in.lengthDelimitedEnd();
                metadataV2(s, in.pos, end);
                in.pos = end;
            } else {
                in.skip(wt);
            }
        }
        labelTo[s] = refs;
        sampleTo[s] = samples;
        exemplarTo[s] = exemplars;
    }

    private void metadataV2(int s, int from, int to) {
        int type = 0;
        int help = 0;
        int unit = 0;
        WireReader in = inner.reset(buf, from, to);
        while (in.more()) {
            int tag = in.tag();
            if (tag == (1 << 3 | WireReader.VARINT)) {
                type = in.varint32();
            } else if (tag == (3 << 3 | WireReader.VARINT)) {
                help = in.varint32();
            } else if (tag == (4 << 3 | WireReader.VARINT)) {
                unit = in.varint32();
            } else {
                in.skip(tag & 7);
            }
        }
        if (type < 0 || help < 0 || unit < 0) {
            throw WireReader.unsupported(); // uint32 refs above 2^31 and negative enums: left to the generated classes
        }
        metaType[s] = type;
        metaHelp[s] = help;
        metaUnit[s] = unit;
    }
}
