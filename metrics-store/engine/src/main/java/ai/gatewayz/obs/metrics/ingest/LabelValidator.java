package ai.gatewayz.obs.metrics.ingest;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.Utf8;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import java.util.Arrays;

/**
 * Turns the label pairs of one incoming series into {@link Labels}, applying the contract's rules:
 * {@code __name__} required, no duplicate names, empty values dropped, sender order not trusted,
 * and the tenant's label limits. Reusable, not thread-safe.
 */
final class LabelValidator {
    private final boolean legacy;
    private String[] names = new String[16];
    private String[] values = new String[16];
    private int n;
    private final Labels.Builder builder = Labels.builder();

    LabelValidator(boolean legacy) {
        this.legacy = legacy;
    }

    void reset() {
        n = 0;
    }

    void add(String name, String value) {
        if (n == names.length) {
            names = Arrays.copyOf(names, n * 2);
            values = Arrays.copyOf(values, n * 2);
        }
        names[n] = name;
        values[n] = value;
        n++;
    }

    /** Thrown for a series that cannot be stored; the message names the problem and the series. */
    static final class InvalidSeries extends Exception {
        InvalidSeries(String message) {
            super(message, null, false, false);
        }
    }

    private String describe() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < n && sb.length() < 200; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i]).append("=\"").append(values[i].length() > 40 ? values[i].substring(0, 40) + "..." : values[i]).append('"');
        }
        return sb.append(n > 0 && sb.length() >= 200 ? ", ...}" : "}").toString();
    }

    Labels build(TenantLimits limits) throws InvalidSeries {
        builder.reset();
        int kept = 0;
        boolean hasName = false;
        for (int i = 0; i < n; i++) {
            String name = names[i];
            String value = values[i];
            if (name.isEmpty()) {
                throw new InvalidSeries("invalid label name [reason=empty name, series=" + describe() + "]");
            }
            for (int j = 0; j < i; j++) {
                if (names[j].equals(name)) {
                    throw new InvalidSeries("duplicate label name [label=" + name + ", series=" + describe() + "]");
                }
            }
            if (limits.maxLabelNameLength() > 0 && Utf8.exceeds(name, limits.maxLabelNameLength())) {
                throw new InvalidSeries("label name too long [limit=" + limits.maxLabelNameLength() + ", label="
                        + name.substring(0, Math.min(64, name.length())) + "..., series=" + describe() + "]");
            }
            if (limits.maxLabelValueLength() > 0 && Utf8.exceeds(value, limits.maxLabelValueLength())) {
                throw new InvalidSeries("label value too long [limit=" + limits.maxLabelValueLength() + ", label=" + name
                        + ", length=" + Utf8.length(value) + ", series=" + describe() + "]");
            }
            if (legacy && !legacyName(name, name.equals(Labels.METRIC_NAME) ? value : null)) {
                throw new InvalidSeries("invalid label name or metric name for legacy validation [label=" + name
                        + ", series=" + describe() + "]");
            }
            if (value.isEmpty()) {
                continue;
            }
            if (name.equals(Labels.METRIC_NAME)) {
                hasName = true;
            }
            builder.set(name, value);
            kept++;
        }
        if (!hasName) {
            throw new InvalidSeries("series without metric name [label=__name__, series=" + describe() + "]");
        }
        if (limits.maxLabelsPerSeries() > 0 && kept > limits.maxLabelsPerSeries()) {
            throw new InvalidSeries("too many labels [limit=" + limits.maxLabelsPerSeries() + ", count=" + kept
                    + ", series=" + describe() + "]");
        }
        return builder.build();
    }

    private static boolean legacyName(String label, String metricValue) {
        if (!legacyIdent(label, false)) {
            return false;
        }
        return metricValue == null || metricValue.isEmpty() || legacyIdent(metricValue, true);
    }

    private static boolean legacyIdent(String s, boolean colons) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colons && c == ':')
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
