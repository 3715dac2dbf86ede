package ai.gatewayz.obs.logs.logql.parser;

import java.util.Locale;

/**
 * Byte sizes as LogQL reads them ({@code 20MB}, {@code 1.5KiB}, {@code 10b}): SI units are powers of
 * 1000, IEC units ({@code KiB}) powers of 1024, case-insensitive, an optional space before the unit.
 * Stateless.
 */
public final class ByteSizes {
    private ByteSizes() {
    }

    /** The size in bytes, or null when {@code s} is not a byte size. */
    public static Double parse(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            return null;
        }
        double v;
        try {
            v = Double.parseDouble(t.substring(0, i));
        } catch (NumberFormatException e) {
            return null;
        }
        String unit = t.substring(i).strip().toLowerCase(Locale.ROOT);
        double m = switch (unit) {
            case "", "b" -> 1;
            case "k", "kb" -> 1e3;
            case "ki", "kib" -> 1024;
            case "m", "mb" -> 1e6;
            case "mi", "mib" -> 1024.0 * 1024;
            case "g", "gb" -> 1e9;
            case "gi", "gib" -> 1024.0 * 1024 * 1024;
            case "t", "tb" -> 1e12;
            case "ti", "tib" -> Math.pow(1024, 4);
            case "p", "pb" -> 1e15;
            case "pi", "pib" -> Math.pow(1024, 5);
            case "e", "eb" -> 1e18;
            case "ei", "eib" -> Math.pow(1024, 6);
            default -> -1;
        };
        return m < 0 ? null : v * m;
    }
}
