package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import ai.gatewayz.obs.storage.io.Crc32c;

/**
 * The on-disk image of one partition (docs/formats/profile-block.md): symbol tables, then each
 * series with its profile and sample columns, then a CRC32C of everything before it. Stateless.
 */
final class BlockCodec {
    static final int MAGIC = 0x475A5042; // "GZPB"
    /** Version 2 adds the sealed flag and a merged tree per series; version 1 blocks still open. */
    static final int VERSION = 2;

    private BlockCodec() {
    }

    /** Encodes a partition; the caller holds the partition's lock. */
    static byte[] encode(Partition p) {
        ByteSink out = new ByteSink(1 << 16);
        SymbolTable s = p.symbols;
        out.putInt(MAGIC).putByte(VERSION).putVarint(p.startMs).putUvarint(p.durationMs).putByte(p.sealed ? 1 : 0)
                .putUvarint(s.refs);
        out.putUvarint(s.strings.size());
        for (String str : s.strings) {
            out.putString(str);
        }
        out.putUvarint(s.mappings);
        for (int i = 0; i < s.mappings; i++) {
            out.putUvarint(s.mapStart[i]).putUvarint(s.mapLimit[i]).putUvarint(s.mapOffset[i])
                    .putUvarint(s.mapFile[i]).putUvarint(s.mapBuild[i]);
        }
        out.putUvarint(s.functions);
        for (int i = 0; i < s.functions; i++) {
            out.putUvarint(s.fnName[i]).putUvarint(s.fnSystem[i]).putUvarint(s.fnFile[i]).putVarint(s.fnStart[i]);
        }
        out.putUvarint(s.locations);
        for (int i = 0; i < s.locations; i++) {
            out.putUvarint(s.locMapping[i] + 1L).putUvarint(s.locAddress[i]).putUvarint(s.locFunctions[i].length);
            for (int j = 0; j < s.locFunctions[i].length; j++) {
                out.putUvarint(s.locFunctions[i][j]).putVarint(s.locLines[i][j]);
            }
        }
        out.putUvarint(s.stacks - 1);
        for (int i = 1; i < s.stacks; i++) {
            out.putUvarint(s.stackParent[i]).putUvarint(s.stackLoc[i]);
        }
        out.putUvarint(p.series.size());
        for (SeriesColumns c : p.series) {
            out.putUvarint(c.labels.size());
            for (int i = 0; i < c.labels.size(); i++) {
                out.putString(c.labels.name(i)).putString(c.labels.value(i));
            }
            out.putUvarint(c.profiles);
            long prev = 0;
            for (int i = 0; i < c.profiles; i++) {
                out.putVarint(c.times[i] - prev).putVarint(c.totals[i])
                        .putUvarint(c.firstSample[i + 1] - c.firstSample[i]);
                prev = c.times[i];
            }
            out.putByte(c.spans == null ? 0 : 1);
            for (int j = 0; j < c.samples; j++) {
                out.putUvarint(c.stacks[j]).putVarint(c.values[j]);
                if (c.spans != null) {
                    out.putUvarint(c.spans[j]);
                }
            }
            if (!c.hasMerged()) {
                out.putUvarint(0);
                continue;
            }
            out.putUvarint(c.mergedStacks.length + 1L);
            int prevStack = 0;
            for (int j = 0; j < c.mergedStacks.length; j++) {
                out.putUvarint(c.mergedStacks[j] - prevStack).putVarint(c.mergedValues[j]);
                prevStack = c.mergedStacks[j];
            }
        }
        out.putInt(Crc32c.of(out.array(), 0, out.length()));
        return out.toByteArray();
    }

    static Partition decode(byte[] b) {
        if (b.length < 9) {
            throw new CorruptDataException("block too short [bytes=" + b.length + "]");
        }
        ByteSource crcIn = new ByteSource(b, b.length - 4, 4);
        if (crcIn.getInt() != Crc32c.of(b, 0, b.length - 4)) {
            throw new CorruptDataException("block checksum mismatch");
        }
        ByteSource in = new ByteSource(b, 0, b.length - 4);
        int version;
        if (in.getInt() != MAGIC || ((version = in.getByte()) != 1 && version != VERSION)) {
            throw new CorruptDataException("not a profile block");
        }
        Partition p = new Partition(in.getVarint(), in.getUvarint());
        p.sealed = version >= 2 && in.getByte() == 1;
        SymbolTable s = p.symbols;
        long refs = in.getUvarint();
        int ns = in.getUvarintInt();
        in.getString(); // "" is already entry 0
        for (int i = 1; i < ns; i++) {
            s.string(in.getString());
        }
        int nm = in.getUvarintInt();
        for (int i = 0; i < nm; i++) {
            s.mapping(in.getUvarint(), in.getUvarint(), in.getUvarint(), in.getUvarintInt(), in.getUvarintInt());
        }
        int nf = in.getUvarintInt();
        for (int i = 0; i < nf; i++) {
            s.function(in.getUvarintInt(), in.getUvarintInt(), in.getUvarintInt(), in.getVarint());
        }
        int nl = in.getUvarintInt();
        for (int i = 0; i < nl; i++) {
            int mapping = in.getUvarintInt() - 1;
            long address = in.getUvarint();
            int lines = in.getUvarintInt();
            int[] fns = new int[lines];
            long[] ln = new long[lines];
            for (int j = 0; j < lines; j++) {
                fns[j] = in.getUvarintInt();
                ln[j] = in.getVarint();
            }
            s.location(mapping, address, fns, ln);
        }
        int nst = in.getUvarintInt();
        for (int i = 0; i < nst; i++) {
            s.stack(in.getUvarintInt(), in.getUvarintInt());
        }
        s.refs = refs;
        int nseries = in.getUvarintInt();
        for (int k = 0; k < nseries; k++) {
            int n = in.getUvarintInt();
            Labels.Builder lb = Labels.builder();
            for (int i = 0; i < n; i++) {
                lb.set(in.getString(), in.getString());
            }
            SeriesColumns c = p.seriesFor(lb.build());
            int profiles = in.getUvarintInt();
            long[] times = new long[profiles];
            long[] totals = new long[profiles];
            int[] counts = new int[profiles];
            long prev = 0;
            for (int i = 0; i < profiles; i++) {
                times[i] = prev + in.getVarint();
                prev = times[i];
                totals[i] = in.getVarint();
                counts[i] = in.getUvarintInt();
            }
            boolean spans = in.getByte() == 1;
            for (int i = 0; i < profiles; i++) {
                c.beginProfile(times[i], totals[i]);
                for (int j = 0; j < counts[i]; j++) {
                    int stack = in.getUvarintInt();
                    if (stack >= s.stacks) {
                        throw new CorruptDataException("stack id out of range [stack=" + stack + "]");
                    }
                    c.addSample(stack, in.getVarint(), spans ? in.getUvarint() : 0);
                }
                long ms = Math.floorDiv(times[i], 1_000_000L);
                p.minTimeMs = Math.min(p.minTimeMs, ms);
                p.maxTimeMs = Math.max(p.maxTimeMs, ms);
                p.profileCount++;
                p.sampleCount += counts[i];
            }
            if (version >= 2) {
                readMerged(in, c, s.stacks);
            }
        }
        return p;
    }

    /** {@code n+1} then delta-coded ascending stack ids with their sums; 0 = no merged tree. */
    private static void readMerged(ByteSource in, SeriesColumns c, int stackCount) {
        int n = in.getUvarintInt();
        if (n == 0) {
            return;
        }
        n--;
        if (n > stackCount) {
            throw new CorruptDataException("merged tree larger than the stack table [entries=" + n + "]");
        }
        int[] stacks = new int[n];
        long[] sums = new long[n];
        int prev = 0;
        for (int j = 0; j < n; j++) {
            long stack = prev + in.getUvarint();
            if (stack >= stackCount || (j > 0 && stack == prev)) {
                throw new CorruptDataException("merged tree stack id out of range [stack=" + stack + "]");
            }
            stacks[j] = (int) stack;
            sums[j] = in.getVarint();
            prev = stacks[j];
        }
        c.setMerged(stacks, sums);
    }
}
