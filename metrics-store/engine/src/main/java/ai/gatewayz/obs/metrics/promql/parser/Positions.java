package ai.gatewayz.obs.metrics.promql.parser;

/** Renders a character offset as Prometheus's {@code line:col}. Stateless. */
public final class Positions {
    private Positions() {
    }

    public static String of(String query, int offset) {
        String p = ParseException.positionPrefix(query, offset);
        return p.substring(0, p.length() - 1);
    }
}
