package ai.gatewayz.obs.common;

import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An immutable, sorted set of label name/value pairs identifying one series or stream.
 *
 * <p>Stored as one flat array {@code [name0, value0, name1, value1, ...]} sorted by name, with no
 * duplicate names and no empty values (an empty value means "label absent", as in Prometheus).
 * Instances are immutable and therefore safe to share between threads.
 */
public final class Labels implements Comparable<Labels> {
    public static final String METRIC_NAME = "__name__";
    public static final Labels EMPTY = new Labels(new String[0]);

    private final String[] pairs;
    private int hash;
    private boolean hashIsZero;

    private Labels(String[] sortedPairs) {
        this.pairs = sortedPairs;
    }

    /** Builds labels from alternating names and values; empty values are dropped, later duplicates win. */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of label arguments [count=" + namesAndValues.length + "]");
        }
        Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.set(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    public static Labels fromMap(Map<String, String> map) {
        Builder b = builder();
        map.forEach(b::set);
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with these labels, for derived label sets. */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (int i = 0; i < pairs.length; i += 2) {
            b.set(pairs[i], pairs[i + 1]);
        }
        return b;
    }

    public int size() {
        return pairs.length / 2;
    }

    public boolean isEmpty() {
        return pairs.length == 0;
    }

    public String name(int i) {
        return pairs[2 * i];
    }

    public String value(int i) {
        return pairs[2 * i + 1];
    }

    /** The value of {@code name}, or the empty string when absent (Prometheus semantics). */
    public String get(String name) {
        int i = indexOf(name);
        return i < 0 ? "" : pairs[2 * i + 1];
    }

    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /** The metric name ({@code __name__}), or the empty string. */
    public String metricName() {
        return get(METRIC_NAME);
    }

    public void forEach(BiConsumer<String, String> consumer) {
        for (int i = 0; i < pairs.length; i += 2) {
            consumer.accept(pairs[i], pairs[i + 1]);
        }
    }

    public Map<String, String> toMap() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        forEach(m::put);
        return m;
    }

    /** Binary search on the sorted names. */
    private int indexOf(String name) {
        int lo = 0;
        int hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = pairs[2 * mid].compareTo(name);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** A stable 64-bit FNV-1a hash over names and values, suitable for sharding and series maps. */
    public long hash64() {
        long h = 0xcbf29ce484222325L;
        for (String s : pairs) {
            for (int i = 0; i < s.length(); i++) {
                h ^= s.charAt(i);
                h *= 0x100000001b3L;
            }
            h ^= 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && !hashIsZero) {
            h = Arrays.hashCode(pairs);
            if (h == 0) {
                hashIsZero = true;
            } else {
                hash = h;
            }
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels other && Arrays.equals(pairs, other.pairs);
    }

    /** Orders like Prometheus's labels.Compare: pairwise by name, then value, then by length. */
    @Override
    public int compareTo(Labels o) {
        int n = Math.min(pairs.length, o.pairs.length);
        for (int i = 0; i < n; i++) {
            int c = pairs[i].compareTo(o.pairs[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pairs.length, o.pairs.length);
    }

    /** Prometheus's rendering: {@code {a="1", b="2"}} with Go-style escaping of values. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(16 * pairs.length).append('{');
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(pairs[i]).append("=\"");
            appendEscaped(sb, pairs[i + 1]);
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    static void appendEscaped(StringBuilder sb, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }

    /**
     * Mutable builder. Setting an empty value removes the label. Not thread-safe; reusable after
     * {@link #reset()}.
     */
    public static final class Builder {
        private String[] buf = new String[16];
        private int n; // number of pairs

        public Builder set(String name, String value) {
            for (int i = 0; i < n; i++) {
                if (buf[2 * i].equals(name)) {
                    if (value == null || value.isEmpty()) {
                        System.arraycopy(buf, 2 * i + 2, buf, 2 * i, 2 * (n - i - 1));
                        n--;
                    } else {
                        buf[2 * i + 1] = value;
                    }
                    return this;
                }
            }
            if (value == null || value.isEmpty()) {
                return this;
            }
            if (2 * n + 2 > buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[2 * n] = name;
            buf[2 * n + 1] = value;
            n++;
            return this;
        }

        public Builder del(String name) {
            return set(name, "");
        }

        public String get(String name) {
            for (int i = 0; i < n; i++) {
                if (buf[2 * i].equals(name)) {
                    return buf[2 * i + 1];
                }
            }
            return "";
        }

        public Builder reset() {
            n = 0;
            return this;
        }

        public Labels build() {
            if (n == 0) {
                return EMPTY;
            }
            // Insertion sort: label sets are small and often nearly sorted.
            String[] out = Arrays.copyOf(buf, 2 * n);
            for (int i = 1; i < n; i++) {
                String kn = out[2 * i];
                String kv = out[2 * i + 1];
                int j = i - 1;
                while (j >= 0 && out[2 * j].compareTo(kn) > 0) {
                    out[2 * j + 2] = out[2 * j];
                    out[2 * j + 3] = out[2 * j + 1];
                    j--;
                }
                out[2 * j + 2] = kn;
                out[2 * j + 3] = kv;
            }
            return new Labels(out);
        }
    }
}
