package ai.gatewayz.obs.logs.storage.disk;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.ScanEntry;
import ai.gatewayz.obs.logs.storage.ScanSink;
import ai.gatewayz.obs.logs.storage.read.EntryBuffer;
import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import ai.gatewayz.obs.storage.io.Crc32c;
import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes a run of one stream's sorted entries as a chunk: three columns (timestamps as deltas,
 * lines as lengths then bytes, structured metadata pairs) compressed together with zstd, behind a
 * CRC32C. Layout in docs/formats/log-block.md. Not thread-safe: one codec per writer or reader
 * thread (it reuses its buffers).
 */
final class ChunkCodec {
    static final int CODEC_ZSTD = 1;

    private final ByteSink ts = new ByteSink(4096);
    private final ByteSink lens = new ByteSink(4096);
    private final ByteSink lines = new ByteSink(1 << 16);
    private final ByteSink meta = new ByteSink(4096);
    private final ByteSink raw = new ByteSink(1 << 16);

    /** Encoded chunk bytes ({@code [crc32c][codec][uvarint rawLen][compressed]}). */
    byte[] encode(EntryBuffer buf, int from, int to, int level, GramFilter.Builder grams) {
        ts.reset();
        lens.reset();
        lines.reset();
        meta.reset();
        long prev = buf.timestamp(from);
        ts.putVarint(prev);
        for (int i = from; i < to; i++) {
            long t = buf.timestamp(i);
            if (i > from) {
                ts.putUvarint(t - prev);
                prev = t;
            }
            byte[] lb = buf.line(i).getBytes(StandardCharsets.UTF_8);
            grams.addLine(lb, 0, lb.length);
            lens.putUvarint(lb.length);
            lines.putBytes(lb);
            WalRecords.putLabels(buf.metadata(i), meta);
        }
        raw.reset();
        raw.putUvarint(to - from);
        raw.putUvarint(ts.length());
        raw.putUvarint(lens.length());
        raw.putUvarint(lines.length());
        raw.putUvarint(meta.length());
        raw.putBytes(ts.array(), 0, ts.length());
        raw.putBytes(lens.array(), 0, lens.length());
        raw.putBytes(lines.array(), 0, lines.length());
        raw.putBytes(meta.array(), 0, meta.length());
        byte[] dst = new byte[(int) Zstd.compressBound(raw.length())];
        long clen = Zstd.compressByteArray(dst, 0, dst.length, raw.array(), 0, raw.length(), level);
        if (Zstd.isError(clen)) {
            throw new IllegalStateException("zstd compression failed [error=" + Zstd.getErrorName(clen) + "]");
        }
        ByteSink out = new ByteSink((int) clen + 16);
        out.putInt(0);
        out.putByte(CODEC_ZSTD);
        out.putUvarint(raw.length());
        out.putBytes(dst, 0, (int) clen);
        out.setInt(0, Crc32c.of(out.array(), 4, out.length() - 4));
        return out.toByteArray();
    }

    /** Decodes a chunk, adding entries in [start, end) whose lines contain every literal. Throws CorruptDataException. */
    static void decode(byte[] chunk, long start, long end, List<String> literals, EntryBuffer out) {
        if (chunk.length < 6) {
            throw new CorruptDataException("chunk too short [length=" + chunk.length + "]");
        }
        int crc = (chunk[0] & 0xFF) << 24 | (chunk[1] & 0xFF) << 16 | (chunk[2] & 0xFF) << 8 | (chunk[3] & 0xFF);
        if (Crc32c.of(chunk, 4, chunk.length - 4) != crc) {
            throw new CorruptDataException("chunk checksum mismatch");
        }
        ByteSource hdr = new ByteSource(chunk, 4, chunk.length - 4);
        int codec = hdr.getByte();
        if (codec != CODEC_ZSTD) {
            throw new CorruptDataException("unknown chunk codec [codec=" + codec + "]");
        }
        int rawLen = hdr.getUvarintInt();
        int off = hdr.position();
        byte[] raw = new byte[rawLen];
        long got = Zstd.decompressByteArray(raw, 0, rawLen, chunk, off, chunk.length - off);
        if (Zstd.isError(got) || got != rawLen) {
            throw new CorruptDataException("chunk does not decompress [expected=" + rawLen + "]");
        }
        ByteSource in = new ByteSource(raw);
        int n = in.getUvarintInt();
        int tsLen = in.getUvarintInt();
        int lensLen = in.getUvarintInt();
        int linesLen = in.getUvarintInt();
        int metaLen = in.getUvarintInt();
        int base = in.position();
        if ((long) base + tsLen + lensLen + linesLen + metaLen != rawLen) {
            throw new CorruptDataException("chunk column lengths do not add up");
        }
        ByteSource tsIn = new ByteSource(raw, base, tsLen);
        ByteSource lensIn = new ByteSource(raw, base + tsLen, lensLen);
        int linePos = base + tsLen + lensLen;
        ByteSource metaIn = new ByteSource(raw, linePos + linesLen, metaLen);
        long t = tsIn.getVarint();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                t += tsIn.getUvarint();
            }
            int len = lensIn.getUvarintInt();
            if (len > raw.length - linePos) {
                throw new CorruptDataException("chunk line overruns its column");
            }
            int lp = linePos;
            linePos += len;
            if (t < start || t >= end) {
                skipLabels(metaIn);
                continue;
            }
            String line = new String(raw, lp, len, StandardCharsets.UTF_8);
            Labels md = WalRecords.getLabels(metaIn);
            out.addFiltered(t, line, md, start, end, literals);
        }
    }

    /** Metadata of a scanned entry, decoded only when the query asks for it. */
    private static final ScanEntry.MetadataDecoder METADATA = new ScanEntry.MetadataDecoder() {
        @Override
        public Labels decode(byte[] buf, int pos) {
            return WalRecords.getLabels(new ByteSource(buf, pos, buf.length - pos));
        }

        @Override
        public String find(byte[] buf, int pos, String name) {
            if (!isAscii(name)) {
                return ScanEntry.MetadataDecoder.super.find(buf, pos, name);
            }
            ByteSource in = new ByteSource(buf, pos, buf.length - pos);
            int pairs = in.getUvarintInt();
            for (int k = 0; k < pairs; k++) {
                int nl = in.getUvarintInt();
                int np = in.position();
                boolean same = nl == name.length();
                for (int i = 0; same && i < nl; i++) {
                    char c = name.charAt(i);
                    same = buf[np + i] == c;
                }
                in.reset(buf, np + nl, in.remaining() - nl);
                int vl = in.getUvarintInt();
                if (same) {
                    return vl == 0 ? null : new String(buf, in.position(), vl, StandardCharsets.UTF_8);
                }
                in.reset(buf, in.position() + vl, in.remaining() - vl);
            }
            return null;
        }
    };

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Buffers one scanning thread reuses for every chunk: the compressed bytes and the decompressed columns. */
    static final class Scratch {
        byte[] chunk = new byte[1 << 16];
        byte[] raw = new byte[1 << 20];
        /** Read positions in the timestamp, length and metadata columns. */
        final int[] at = new int[3];
        /** Native context, reused for every chunk of this thread (freed with the thread's scratch by its cleaner). */
        final com.github.luben.zstd.ZstdDecompressCtx zstd = new com.github.luben.zstd.ZstdDecompressCtx();

        byte[] chunk(int len) {
            if (chunk.length < len) {
                chunk = new byte[Math.max(len, chunk.length * 2)];
            }
            return chunk;
        }
    }

    /**
     * Decompresses {@code chunk[0, length)} into the scratch buffer and hands each entry in [start, end)
     * to the sink as bytes, without building Strings: the line bytes point into the decompressed
     * column. Throws CorruptDataException.
     */
    static void scan(byte[] chunk, int length, long start, long end, Scratch s, ScanEntry e, ScanSink sink) {
        if (length < 6) {
            throw new CorruptDataException("chunk too short [length=" + length + "]");
        }
        int crc = (chunk[0] & 0xFF) << 24 | (chunk[1] & 0xFF) << 16 | (chunk[2] & 0xFF) << 8 | (chunk[3] & 0xFF);
        if (Crc32c.of(chunk, 4, length - 4) != crc) {
            throw new CorruptDataException("chunk checksum mismatch");
        }
        ByteSource hdr = new ByteSource(chunk, 4, length - 4);
        int codec = hdr.getByte();
        if (codec != CODEC_ZSTD) {
            throw new CorruptDataException("unknown chunk codec [codec=" + codec + "]");
        }
        int rawLen = hdr.getUvarintInt();
        int off = hdr.position();
        if (s.raw.length < rawLen) {
            s.raw = new byte[Math.max(rawLen, s.raw.length * 2)];
        }
        byte[] raw = s.raw;
        int got;
        try {
            got = s.zstd.decompressByteArray(raw, 0, rawLen, chunk, off, length - off);
        } catch (com.github.luben.zstd.ZstdException ex) {
            throw new CorruptDataException("chunk does not decompress [expected=" + rawLen + "]");
        }
        if (got != rawLen) {
            throw new CorruptDataException("chunk does not decompress [expected=" + rawLen + "]");
        }
        ByteSource in = new ByteSource(raw, 0, rawLen);
        int n = in.getUvarintInt();
        int tsLen = in.getUvarintInt();
        int lensLen = in.getUvarintInt();
        int linesLen = in.getUvarintInt();
        int metaLen = in.getUvarintInt();
        int base = in.position();
        if ((long) base + tsLen + lensLen + linesLen + metaLen != rawLen) {
            throw new CorruptDataException("chunk column lengths do not add up");
        }
        int[] at = s.at;
        at[0] = base;
        int tsEnd = base + tsLen;
        at[1] = tsEnd;
        int lensEnd = tsEnd + lensLen;
        int linePos = lensEnd;
        int linesEnd = linePos + linesLen;
        at[2] = linesEnd;
        int metaEnd = rawLen;
        e.chunk(raw, linePos, linesLen, linesEnd, metaLen);
        long t = zigzag(uvarint(raw, at, 0, tsEnd));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                t += uvarint(raw, at, 0, tsEnd);
            }
            long len = uvarint(raw, at, 1, lensEnd);
            if (len > linesEnd - linePos) {
                throw new CorruptDataException("chunk line overruns its column");
            }
            int metaPos = at[2];
            long pairs = uvarint(raw, at, 2, metaEnd);
            for (long k = 0; k < 2 * pairs; k++) {
                long sl = uvarint(raw, at, 2, metaEnd);
                if (sl > metaEnd - at[2]) {
                    throw new CorruptDataException("chunk metadata overruns its column");
                }
                at[2] += (int) sl;
            }
            if (t >= start && t < end) {
                e.setChunkBytes(t, linePos, (int) len, pairs > 0, metaPos, METADATA);
                sink.entry(e);
            }
            linePos += (int) len;
        }
    }

    private static long zigzag(long u) {
        return (u >>> 1) ^ -(u & 1);
    }

    /** The uvarint at {@code at[cursor]} (advanced past it), bounded by {@code limit}. */
    private static long uvarint(byte[] b, int[] at, int cursor, int limit) {
        int p = at[cursor];
        if (p < limit && b[p] >= 0) {
            at[cursor] = p + 1;
            return b[p];
        }
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p >= limit) {
                throw new CorruptDataException("unexpected end of chunk column");
            }
            byte x = b[p++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                at[cursor] = p;
                return v;
            }
        }
        throw new CorruptDataException("varint overflows 64 bits");
    }

    private static void skipLabels(ByteSource in) {
        int n = in.getUvarintInt();
        for (int i = 0; i < 2 * n; i++) {
            in.getString();
        }
    }
}
