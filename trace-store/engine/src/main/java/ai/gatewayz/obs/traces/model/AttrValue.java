package ai.gatewayz.obs.traces.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An OTLP {@code AnyValue}: exactly one of string, bool, int, double, bytes, array, kvlist (or
 * empty). Immutable.
 */
public final class AttrValue {
    /** The oneof case; codes are stored on disk (docs/formats/trace-block.md). */
    public enum Type {
        EMPTY, STRING, BOOL, INT, DOUBLE, BYTES, ARRAY, KVLIST
    }

    public static final AttrValue EMPTY_VALUE = new AttrValue(Type.EMPTY, null, 0, 0, null, null, null);
    private static final AttrValue TRUE = new AttrValue(Type.BOOL, null, 1, 0, null, null, null);
    private static final AttrValue FALSE = new AttrValue(Type.BOOL, null, 0, 0, null, null, null);

    private final Type type;
    private final String s;
    private final long l;
    private final double d;
    private final byte[] bytes;
    private final List<AttrValue> array;
    private final List<Attr> kvlist;

    private AttrValue(Type type, String s, long l, double d, byte[] bytes, List<AttrValue> array, List<Attr> kvlist) {
        this.type = type;
        this.s = s;
        this.l = l;
        this.d = d;
        this.bytes = bytes;
        this.array = array;
        this.kvlist = kvlist;
    }

    public static AttrValue string(String s) {
        return new AttrValue(Type.STRING, Objects.requireNonNull(s), 0, 0, null, null, null);
    }

    public static AttrValue bool(boolean b) {
        return b ? TRUE : FALSE;
    }

    public static AttrValue integer(long v) {
        return new AttrValue(Type.INT, null, v, 0, null, null, null);
    }

    public static AttrValue dbl(double v) {
        return new AttrValue(Type.DOUBLE, null, 0, v, null, null, null);
    }

    public static AttrValue bytes(byte[] b) {
        return new AttrValue(Type.BYTES, null, 0, 0, b.clone(), null, null);
    }

    public static AttrValue array(List<AttrValue> values) {
        return new AttrValue(Type.ARRAY, null, 0, 0, null, List.copyOf(values), null);
    }

    public static AttrValue kvlist(List<Attr> values) {
        return new AttrValue(Type.KVLIST, null, 0, 0, null, null, List.copyOf(values));
    }

    public Type type() {
        return type;
    }

    public String stringValue() {
        return s;
    }

    public boolean boolValue() {
        return l != 0;
    }

    public long intValue() {
        return l;
    }

    public double doubleValue() {
        return d;
    }

    public byte[] bytesValue() {
        return bytes.clone();
    }

    public List<AttrValue> arrayValue() {
        return array;
    }

    public List<Attr> kvlistValue() {
        return kvlist;
    }

    /** The value as text, the way TraceQL tag values and search results show it. */
    public String asText() {
        return switch (type) {
            case EMPTY -> "";
            case STRING -> s;
            case BOOL -> Boolean.toString(l != 0);
            case INT -> Long.toString(l);
            case DOUBLE -> Double.toString(d);
            case BYTES -> java.util.Base64.getEncoder().encodeToString(bytes);
            case ARRAY -> array.toString();
            case KVLIST -> kvlist.toString();
        };
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AttrValue v) || v.type != type) {
            return false;
        }
        return switch (type) {
            case EMPTY -> true;
            case STRING -> s.equals(v.s);
            case BOOL, INT -> l == v.l;
            case DOUBLE -> Double.compare(d, v.d) == 0;
            case BYTES -> Arrays.equals(bytes, v.bytes);
            case ARRAY -> array.equals(v.array);
            case KVLIST -> kvlist.equals(v.kvlist);
        };
    }

    @Override
    public int hashCode() {
        return switch (type) {
            case EMPTY -> 0;
            case STRING -> s.hashCode();
            case BOOL, INT -> Long.hashCode(l);
            case DOUBLE -> Double.hashCode(d);
            case BYTES -> Arrays.hashCode(bytes);
            case ARRAY -> array.hashCode();
            case KVLIST -> kvlist.hashCode();
        };
    }

    @Override
    public String toString() {
        return type == Type.STRING ? '"' + s + '"' : asText();
    }
}
