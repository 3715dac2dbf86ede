package ai.gatewayz.obs.logs.explore;

import ai.gatewayz.obs.logs.logql.parser.ByteSizes;
import ai.gatewayz.obs.logs.logql.parser.GoDurations;

/**
 * The value types {@code /detected_fields} reports, named as Loki names them. A value is the first
 * of int, float, boolean, duration, bytes that parses it, else string; a field whose values disagree
 * widens (int and float to float, anything else to string).
 */
public enum FieldType {
    INT("int"), FLOAT("float"), BOOLEAN("boolean"), DURATION("duration"), BYTES("bytes"), STRING("string");

    private final String wire;

    FieldType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static FieldType of(String v) {
        if (v.isEmpty()) {
            return STRING;
        }
        if (isInt(v)) {
            return INT;
        }
        if (isFloat(v)) {
            return FLOAT;
        }
        if (v.equals("true") || v.equals("false")) {
            return BOOLEAN;
        }
        char last = v.charAt(v.length() - 1);
        char first = v.charAt(0);
        boolean numericStart = first >= '0' && first <= '9' || first == '-' || first == '.';
        if (numericStart && Character.isLetter(last)) {
            if (GoDurations.parseNanos(v) != null) {
                return DURATION;
            }
            if (ByteSizes.parse(v) != null) {
                return BYTES;
            }
        }
        return STRING;
    }

    FieldType widen(FieldType other) {
        if (this == other) {
            return this;
        }
        if ((this == INT || this == FLOAT) && (other == INT || other == FLOAT)) {
            return FLOAT;
        }
        return STRING;
    }

    private static boolean isInt(String v) {
        int i = v.charAt(0) == '-' || v.charAt(0) == '+' ? 1 : 0;
        if (i == v.length() || v.length() - i > 19) {
            return false;
        }
        for (; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        try {
            Long.parseLong(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isFloat(String v) {
        boolean digit = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if ("+-.eE".indexOf(c) < 0) {
                return false;
            }
        }
        if (!digit) {
            return false;
        }
        try {
            Double.parseDouble(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
