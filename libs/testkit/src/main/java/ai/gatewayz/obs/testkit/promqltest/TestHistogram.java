package ai.gatewayz.obs.testkit.promqltest;

import java.util.Map;
import java.util.TreeMap;

/**
 * A native histogram as promqltest scripts write it ({@code {{schema:0 sum:5 count:4 z_bucket:1
 * z_bucket_w:0.001 offset:-1 buckets:[1 2] n_offset:0 n_buckets:[1] counter_reset_hint:gauge}}}),
 * held as absolute counts per bucket index. {@code hint} is null when the script does not name one.
 * Immutable by convention.
 */
public record TestHistogram(int schema, double sum, double count, double zeroCount, double zeroThreshold,
        TreeMap<Integer, Double> positive, TreeMap<Integer, Double> negative, String hint) {

    /** Parses the text between {@code {{} and {@code }}}. */
    static TestHistogram parse(String body) {
        int schema = 0;
        double sum = 0;
        double count = 0;
        double zc = 0;
        double zt = 0;
        int offset = 0;
        int nOffset = 0;
        double[] buckets = new double[0];
        double[] nBuckets = new double[0];
        String hint = null;
        String s = body.trim();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= s.length()) {
                break;
            }
            int colon = s.indexOf(':', i);
            if (colon < 0) {
                throw new IllegalArgumentException("bad histogram field in {{" + body + "}}");
            }
            String key = s.substring(i, colon).trim();
            int j = colon + 1;
            String val;
            if (j < s.length() && s.charAt(j) == '[') {
                int close = s.indexOf(']', j);
                val = s.substring(j + 1, close);
                i = close + 1;
            } else {
                int e = j;
                while (e < s.length() && !Character.isWhitespace(s.charAt(e))) {
                    e++;
                }
                val = s.substring(j, e);
                i = e;
            }
            switch (key) {
                case "schema" -> schema = Integer.parseInt(val);
                case "sum" -> sum = SeriesParser.number(val);
                case "count" -> count = SeriesParser.number(val);
                case "z_bucket" -> zc = SeriesParser.number(val);
                case "z_bucket_w" -> zt = SeriesParser.number(val);
                case "offset" -> offset = Integer.parseInt(val);
                case "n_offset" -> nOffset = Integer.parseInt(val);
                case "buckets" -> buckets = numbers(val);
                case "n_buckets" -> nBuckets = numbers(val);
                case "counter_reset_hint" -> hint = val;
                case "custom_values" -> throw new UnsupportedOperationException("native histograms with custom buckets");
                default -> throw new IllegalArgumentException("unknown histogram field " + key);
            }
        }
        return new TestHistogram(schema, sum, count, zc, zt, toMap(offset, buckets), toMap(nOffset, nBuckets), hint);
    }

    private static double[] numbers(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return new double[0];
        }
        String[] parts = t.split("\\s+");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = SeriesParser.number(parts[i]);
        }
        return out;
    }

    private static TreeMap<Integer, Double> toMap(int offset, double[] counts) {
        TreeMap<Integer, Double> m = new TreeMap<>();
        for (int i = 0; i < counts.length; i++) {
            m.put(offset + i, counts[i]);
        }
        return m;
    }

    /** this + f × o, bucket by bucket (the expanding notation {@code {{a}}+{{b}}x3}). */
    TestHistogram plus(TestHistogram o, double f) {
        return new TestHistogram(schema, sum + f * o.sum, count + f * o.count, zeroCount + f * o.zeroCount, zeroThreshold,
                merge(positive, o.positive, f), merge(negative, o.negative, f), hint);
    }

    private static TreeMap<Integer, Double> merge(TreeMap<Integer, Double> a, TreeMap<Integer, Double> b, double f) {
        TreeMap<Integer, Double> m = new TreeMap<>(a);
        b.forEach((k, v) -> m.merge(k, f * v, Double::sum));
        return m;
    }

    /** Why {@code actual} differs from this expectation, or null (counts compared as the corpus compares floats). */
    String mismatch(TestHistogram actual) {
        if (schema != actual.schema) {
            return "schema " + schema + " vs " + actual.schema;
        }
        if (!PromqlScriptRunner.almostEqual(count, actual.count)) {
            return "count " + count + " vs " + actual.count;
        }
        if (!PromqlScriptRunner.almostEqual(sum, actual.sum)) {
            return "sum " + sum + " vs " + actual.sum;
        }
        if (!PromqlScriptRunner.almostEqual(zeroCount, actual.zeroCount)) {
            return "zero count " + zeroCount + " vs " + actual.zeroCount;
        }
        if (!PromqlScriptRunner.almostEqual(zeroThreshold, actual.zeroThreshold)) {
            return "zero threshold " + zeroThreshold + " vs " + actual.zeroThreshold;
        }
        String b = bucketsMismatch("bucket", positive, actual.positive);
        if (b == null) {
            b = bucketsMismatch("negative bucket", negative, actual.negative);
        }
        if (b == null && hint != null && actual.hint != null && !hint.equals(actual.hint)) {
            b = "counter reset hint " + hint + " vs " + actual.hint;
        }
        return b;
    }

    private static String bucketsMismatch(String what, Map<Integer, Double> a, Map<Integer, Double> b) {
        TreeMap<Integer, Double> x = nonZero(a);
        TreeMap<Integer, Double> y = nonZero(b);
        if (!x.keySet().equals(y.keySet())) {
            return what + " indexes " + x + " vs " + y;
        }
        for (Map.Entry<Integer, Double> e : x.entrySet()) {
            if (!PromqlScriptRunner.almostEqual(e.getValue(), y.get(e.getKey()))) {
                return what + " " + e.getKey() + ": " + e.getValue() + " vs " + y.get(e.getKey());
            }
        }
        return null;
    }

    private static TreeMap<Integer, Double> nonZero(Map<Integer, Double> m) {
        TreeMap<Integer, Double> out = new TreeMap<>();
        m.forEach((k, v) -> {
            if (v != 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "{{schema:" + schema + " count:" + count + " sum:" + sum + " z_bucket:" + zeroCount + " z_bucket_w:"
                + zeroThreshold + " buckets:" + positive + " n_buckets:" + negative + (hint == null ? "" : " hint:" + hint) + "}}";
    }
}
