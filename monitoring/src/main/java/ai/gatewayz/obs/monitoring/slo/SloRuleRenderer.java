package ai.gatewayz.obs.monitoring.slo;

import ai.gatewayz.obs.common.Durations;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Renders the Prometheus rule file of an {@link SloDefinition}: for every SLO and level, recording
 * rules for the bad-event ratio over every window a tier uses and the event rate over every long
 * window, and one alerting rule per burn-rate tier. Short windows (up to 2h) are evaluated every
 * minute with the alerts; longer ones every 2 minutes in their own group, because their ranges are
 * the expensive part. The output is deterministic: the same definition gives the same bytes.
 */
public final class SloRuleRenderer {
    static final long FAST_WINDOW_LIMIT_MS = 2 * 3600_000L;
    static final String RUNBOOK_BASE = "https://github.com/gatewayz/observability-suite/blob/main/docs/runbooks.md#";

    private SloRuleRenderer() {
    }

    /** The rule file's text; {@code source} names the definition file in the header. */
    public static String render(SloDefinition def, String source) {
        StringBuilder out = new StringBuilder();
        out.append("# GENERATED from ").append(source).append(" by ai.gatewayz.obs.monitoring.slo.SloRulesMain: do not edit.\n");
        out.append("# Per SLO and level: bad-event ratios per window (<level>:slo_<name>_error_ratio:rate<window>),\n");
        out.append("# event rates per long window (<level>:slo_<name>_events:rate<window>) and one multi-window\n");
        out.append("# burn-rate alert per tier. See docs/slos.md.\n");
        out.append("groups:\n");
        TreeSet<Long> windows = new TreeSet<>();
        TreeSet<Long> longWindows = new TreeSet<>();
        for (SloDefinition.BurnRateTier t : def.tiers()) {
            windows.add(t.longMs());
            windows.add(t.shortMs());
            longWindows.add(t.longMs());
        }
        for (SloDefinition.Objective slo : def.objectives()) {
            for (SloDefinition.Level level : slo.levels()) {
                String group = "slo_" + slo.name() + "_" + level.prefix();
                out.append("  - name: ").append(group).append("\n    interval: 1m\n    rules:\n");
                for (long w : windows.headSet(FAST_WINDOW_LIMIT_MS, true)) {
                    record(out, ratioName(slo, level, w), ratioExpr(slo, level, w));
                }
                for (long w : longWindows.headSet(FAST_WINDOW_LIMIT_MS, true)) {
                    record(out, eventsName(slo, level, w), "sum by (" + by(level) + ") (rate(" + slo.total() + "[" + Durations.format(w) + "]))");
                }
                for (SloDefinition.BurnRateTier t : def.tiers()) {
                    alert(out, def, slo, level, t);
                }
                if (!windows.tailSet(FAST_WINDOW_LIMIT_MS, false).isEmpty()) {
                    out.append("  - name: ").append(group).append("_long\n    interval: 2m\n    rules:\n");
                    for (long w : windows.tailSet(FAST_WINDOW_LIMIT_MS, false)) {
                        record(out, ratioName(slo, level, w), ratioExpr(slo, level, w));
                    }
                    for (long w : longWindows.tailSet(FAST_WINDOW_LIMIT_MS, false)) {
                        record(out, eventsName(slo, level, w), "sum by (" + by(level) + ") (rate(" + slo.total() + "[" + Durations.format(w) + "]))");
                    }
                }
            }
        }
        return out.toString();
    }

    /** The alert name of one SLO at one level, e.g. {@code ModelLatencyBudgetBurn}. */
    public static String alertName(SloDefinition.Objective slo, SloDefinition.Level level) {
        return camel(level.by().getLast()) + camel(slo.name()) + "BudgetBurn";
    }

    static String ratioName(SloDefinition.Objective slo, SloDefinition.Level level, long w) {
        return level.prefix() + ":slo_" + slo.name() + "_error_ratio:rate" + Durations.format(w);
    }

    static String eventsName(SloDefinition.Objective slo, SloDefinition.Level level, long w) {
        return level.prefix() + ":slo_" + slo.name() + "_events:rate" + Durations.format(w);
    }

    private static String ratioExpr(SloDefinition.Objective slo, SloDefinition.Level level, long w) {
        String range = "[" + Durations.format(w) + "]";
        String total = "sum by (" + by(level) + ") (rate(" + slo.total() + range + "))";
        if (slo.bad() != null) {
            // `or 0 * total` keeps a zero ratio for series without any bad event yet
            return "(sum by (" + by(level) + ") (rate(" + slo.bad() + range + ")) or 0 * " + total + ")\n  / " + total;
        }
        return "1 - (\n    sum by (" + by(level) + ") (rate(" + slo.good() + range + "))\n  / " + total + "\n)";
    }

    private static void alert(StringBuilder out, SloDefinition def, SloDefinition.Objective slo, SloDefinition.Level level,
                              SloDefinition.BurnRateTier t) {
        String threshold = decimal(new BigDecimal(Double.toString(t.burnRate())).multiply(budget(slo)));
        String name = alertName(slo, level);
        String lw = Durations.format(t.longMs());
        String sw = Durations.format(t.shortMs());
        out.append("      - alert: ").append(name).append('\n');
        out.append("        expr: |\n");
        out.append("          ").append(ratioName(slo, level, t.longMs())).append(" > ").append(threshold).append('\n');
        out.append("            and ").append(ratioName(slo, level, t.shortMs())).append(" > ").append(threshold).append('\n');
        out.append("            and ").append(eventsName(slo, level, t.longMs())).append(" > ").append(decimal(new BigDecimal(Double.toString(level.minRate()))))
                .append('\n');
        out.append("        for: ").append(Durations.format(t.forMs())).append('\n');
        out.append("        labels:\n");
        out.append("          severity: ").append(t.severity()).append('\n');
        out.append("          category: slo\n");
        out.append("          scope: ").append(level.by().getLast()).append('\n');
        out.append("          slo: ").append(slo.name()).append('\n');
        out.append("          long_window: ").append(lw).append('\n');
        out.append("          burn_rate: '").append(decimal(new BigDecimal(Double.toString(t.burnRate())))).append("'\n");
        out.append("        annotations:\n");
        out.append("          summary: \"").append(subject(level)).append(" burns its ").append(slo.name()).append(" error budget ")
                .append(decimal(new BigDecimal(Double.toString(t.burnRate())))).append("x too fast\"\n");
        long hoursLeft = Math.round(def.periodMs() / 3600_000.0 / t.burnRate());
        out.append("          description: \"{{ $value | humanizePercentage }} bad events over ").append(lw).append(" (and above ")
                .append(threshold).append(" over ").append(sw).append("); objective ").append(percent(slo.objective()))
                .append(" of ").append(slo.description()).append(" per ").append(period(def.periodMs()))
                .append(". At this rate the budget lasts about ").append(hoursLeft).append("h.\"\n");
        out.append("          runbook_url: \"").append(RUNBOOK_BASE).append(name.toLowerCase(Locale.ROOT)).append("\"\n");
        StringBuilder dash = new StringBuilder("/d/").append(level.dashboard());
        char sep = '?';
        for (String l : level.by()) {
            dash.append(sep).append("var-").append(l).append("={{ $labels.").append(l).append(" }}");
            sep = '&';
        }
        out.append("          dashboard: \"").append(dash).append("\"\n");
    }

    /** "Provider {{ $labels.provider }}", "Model {{ $labels.model }} on provider {{ $labels.provider }}". */
    private static String subject(SloDefinition.Level level) {
        List<String> by = level.by();
        String last = by.getLast();
        StringBuilder s = new StringBuilder(camel(last)).append(" {{ $labels.").append(last).append(" }}");
        for (int i = by.size() - 2; i >= 0; i--) {
            s.append(" on ").append(by.get(i)).append(" {{ $labels.").append(by.get(i)).append(" }}");
        }
        return s.toString();
    }

    /** Days when whole (Prometheus would print 30d as 4w2d). */
    private static String period(long ms) {
        long day = 24 * 3600_000L;
        return ms % day == 0 ? ms / day + "d" : Durations.format(ms);
    }

    private static BigDecimal budget(SloDefinition.Objective slo) {
        return BigDecimal.ONE.subtract(new BigDecimal(Double.toString(slo.objective())));
    }

    private static String percent(double ratio) {
        return decimal(new BigDecimal(Double.toString(ratio)).movePointRight(2)) + "%";
    }

    private static String decimal(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    private static String by(SloDefinition.Level level) {
        return String.join(", ", level.by());
    }

    private static String camel(String snake) {
        StringBuilder s = new StringBuilder();
        for (String part : snake.split("_")) {
            if (!part.isEmpty()) {
                s.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return s.toString();
    }

    private static void record(StringBuilder out, String name, String expr) {
        out.append("      - record: ").append(name).append("\n        expr: |\n");
        for (String line : expr.split("\n")) {
            out.append("          ").append(line).append('\n');
        }
    }
}
