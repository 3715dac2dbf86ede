package ai.gatewayz.obs.metrics.ingest;

/**
 * Protocol-buffers wire primitives over a byte range, for the remote-write decoder. Anything this
 * reader does not accept (bad varint, length past the end, group or reserved wire types, field 0)
 * ends the fast path with {@link Unsupported}; the caller then hands the body to the generated
 * parser, which either accepts it or produces the error message the API has always answered with.
 * Reusable, not thread-safe.
 */
final class WireReader {
    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int I32 = 5;

    /** Thrown when the fast path cannot (or must not) decide about a body. Preallocated, no stack. */
    static final class Unsupported extends RuntimeException {
        static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super("not decodable by the fast path", null, false, false);
        }
    }

    byte[] buf;
    int pos;
    int limit;

    WireReader reset(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.limit = to;
        return this;
    }

    boolean more() {
        return pos < limit;
    }

    static Unsupported unsupported() {
        return Unsupported.INSTANCE;
    }

    /** A varint of at most 10 bytes, as protobuf reads int64/uint64. */
    long varint64() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= limit) {
                throw unsupported();
            }
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw unsupported();
    }

    /** A varint truncated to 32 bits, as protobuf reads int32/uint32/enum and tags. */
    int varint32() {
        if (pos < limit && buf[pos] >= 0) {
            return buf[pos++];
        }
        return (int) varint64();
    }

    /** The next tag; field number 0 is invalid. */
    int tag() {
        int t = varint32();
        if ((t >>> 3) == 0) {
            throw unsupported();
        }
        return t;
    }

    /** Reads a length prefix and returns the end offset of the payload that follows it. */
    int lengthDelimitedEnd() {
        int len = varint32();
        if (len < 0 || len > limit - pos) {
            throw unsupported();
        }
        return pos + len;
    }

    long fixed64() {
        if (limit - pos < 8) {
            throw unsupported();
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    double doubleValue() {
        return Double.longBitsToDouble(fixed64());
    }

    /** Skips a field this decoder does not use, as protobuf keeps unknown fields. Groups are left to the generated parser. */
    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> varint64();
            case I64 -> {
                if (limit - pos < 8) {
                    throw unsupported();
                }
                pos += 8;
            }
            case LEN -> pos = lengthDelimitedEnd();
            case I32 -> {
                if (limit - pos < 4) {
                    throw unsupported();
                }
                pos += 4;
            }
            default -> throw unsupported();
        }
    }

    /** Whether {@code buf[from, to)} is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF). */
    static boolean validUtf8(byte[] buf, int from, int to) {
        int i = from;
        while (i < to) {
            int b = buf[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            if (b < 0xC2) {
                return false;
            }
            if (b < 0xE0) {
                if (i + 1 >= to || (buf[i + 1] & 0xC0) != 0x80) {
                    return false;
                }
                i += 2;
            } else if (b < 0xF0) {
                if (i + 2 >= to) {
                    return false;
                }
                int b1 = buf[i + 1] & 0xFF;
                if ((b1 & 0xC0) != 0x80 || (buf[i + 2] & 0xC0) != 0x80 || (b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 >= 0xA0)) {
                    return false;
                }
                i += 3;
            } else if (b < 0xF5) {
                if (i + 3 >= to) {
                    return false;
                }
                int b1 = buf[i + 1] & 0xFF;
                if ((b1 & 0xC0) != 0x80 || (buf[i + 2] & 0xC0) != 0x80 || (buf[i + 3] & 0xC0) != 0x80
                        || (b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 >= 0x90)) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }
}
