package ai.gatewayz.obs.storage.chunkenc;

/**
 * The bucket table for timestamp delta-of-deltas in the XOR chunk variants: {@code '0'} for a zero
 * dod, then {@code '10'}, {@code '110'}, {@code '1110'} followed by a signed value of the bucket's
 * width, and {@code '1111'} followed by 64 bits. The variants differ only in the three widths, which
 * is why one codec serves them all. A record because HotSpot trusts record fields as constants: where
 * the table is a static constant the widths fold into the decoder. Immutable and thread-safe.
 *
 * @param w1 width after {@code '10'}
 * @param w2 width after {@code '110'}
 * @param w3 width after {@code '1110'}
 */
public record DodBuckets(int w1, int w2, int w3) {
    /** The head chunk's table ({@link XorChunk}): 14, 17, 20 bits. */
    public static final DodBuckets HEAD = new DodBuckets(14, 17, 20);
    /** The block chunk's table ({@link BlockXorChunk}, {@link DecimalChunk}): 7, 14, 20 bits, as in the Gorilla paper. */
    public static final DodBuckets BLOCK = new DodBuckets(7, 14, 20);

    public DodBuckets {
        if (!(0 < w1 && w1 < w2 && w2 < w3 && w3 < 64)) {
            throw new IllegalArgumentException("dod bucket widths must increase within 1..63 [w1=" + w1 + ", w2=" + w2
                    + ", w3=" + w3 + "]");
        }
    }

    public void write(BitWriter w, long dod) {
        if (dod == 0) {
            w.writeBit(false);
        } else if (fits(dod, w1)) {
            w.writeBits(0b10, 2);
            w.writeBits(dod, w1);
        } else if (fits(dod, w2)) {
            w.writeBits(0b110, 3);
            w.writeBits(dod, w2);
        } else if (fits(dod, w3)) {
            w.writeBits(0b1110, 4);
            w.writeBits(dod, w3);
        } else {
            w.writeBits(0b1111, 4);
            w.writeBits(dod, 64);
        }
    }

    public long read(BitReader r) {
        if (!r.readBit()) {
            return 0;
        } else if (!r.readBit()) {
            return signExtend(r.readBits(w1), w1);
        } else if (!r.readBit()) {
            return signExtend(r.readBits(w2), w2);
        } else if (!r.readBit()) {
            return signExtend(r.readBits(w3), w3);
        }
        return r.readBits(64);
    }

    /** Whether {@code x} fits a two's-complement field of {@code nbits}. */
    static boolean fits(long x, int nbits) {
        return x >= -(1L << (nbits - 1)) && x < (1L << (nbits - 1));
    }

    static long signExtend(long x, int n) {
        return (x << (64 - n)) >> (64 - n);
    }
}
