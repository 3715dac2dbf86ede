package ai.gatewayz.obs.traces.server.api;

/** Tempo's optional {@code start}/{@code end} (Unix seconds) as inclusive nanosecond bounds. */
record TimeRange(long startNanos, long endNanos) {
    static final TimeRange ALL = new TimeRange(0, Long.MAX_VALUE);

    static TimeRange parse(String start, String end) {
        long s = seconds("start", start, 0);
        long e = seconds("end", end, Long.MAX_VALUE / 1_000_000_000L);
        if (e < s) {
            throw TempoErrors.badParam("end", end, "end is before start");
        }
        long endNanos = e >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : (e + 1) * 1_000_000_000L - 1;
        return new TimeRange(s * 1_000_000_000L, endNanos);
    }

    private static long seconds(String name, String v, long dflt) {
        if (v == null || v.isBlank() || v.equals("0")) {
            return dflt;
        }
        try {
            long s = Long.parseLong(v.strip());
            if (s < 0 || s > Long.MAX_VALUE / 1_000_000_000L - 1) {
                throw TempoErrors.badParam(name, v, "out of range");
            }
            return s;
        } catch (NumberFormatException e) {
            throw TempoErrors.badParam(name, v, "not Unix seconds");
        }
    }
}
