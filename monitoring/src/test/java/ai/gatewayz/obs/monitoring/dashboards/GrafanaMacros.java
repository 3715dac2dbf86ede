package ai.gatewayz.obs.monitoring.dashboards;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variable and macro substitution Grafana applies to a Prometheus query before it sends it:
 * {@code $__rate_interval} (max(interval + scrape interval, 4 x scrape interval)), {@code $__interval},
 * {@code $__range} (+ {@code _s}, {@code _ms}), and template variables in the {@code $var},
 * {@code ${var}}, {@code ${var:fmt}} and {@code [[var]]} forms; a multi-value "All" becomes the
 * variable's {@code allValue}. Immutable.
 *
 * @param scrape   the datasource's scrape interval (jsonData.timeInterval)
 * @param interval the panel interval Grafana computed for the time range and width
 * @param range    the dashboard time range
 * @param values   template variable values, already the text Grafana would insert
 */
public record GrafanaMacros(Duration scrape, Duration interval, Duration range, Map<String, String> values) {
    /** Grafana's built-in variables, which dashboards need not define. */
    public static final Set<String> BUILT_INS = Set.of("__rate_interval", "__interval", "__interval_ms", "__range",
            "__range_s", "__range_ms", "__dashboard", "__from", "__to", "__org", "__user", "__name", "__timeFilter");
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::[A-Za-z0-9_]+)?}|\\[\\[([A-Za-z0-9_]+)]]|\\$([A-Za-z0-9_]+)");

    public Duration rateInterval() {
        Duration a = interval.plus(scrape);
        Duration b = scrape.multipliedBy(4);
        return a.compareTo(b) > 0 ? a : b;
    }

    public String apply(String query) {
        Matcher m = VAR.matcher(query);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (name.chars().allMatch(Character::isDigit)) {
                // $1 in a label_replace replacement is PromQL's, not Grafana's
                m.appendReplacement(sb, Matcher.quoteReplacement(m.group()));
                continue;
            }
            String v = switch (name) {
                case "__rate_interval" -> seconds(rateInterval());
                case "__interval" -> seconds(interval);
                case "__interval_ms" -> Long.toString(interval.toMillis());
                case "__range" -> seconds(range);
                case "__range_s" -> Long.toString(range.toSeconds());
                case "__range_ms" -> Long.toString(range.toMillis());
                default -> values.get(name);
            };
            if (v == null) {
                throw new IllegalArgumentException("undefined variable [name=" + name + ", query=" + query + "]");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        return m.appendTail(sb).toString();
    }

    /** The names of every variable a query refers to. */
    public static Set<String> referenced(String query) {
        Set<String> out = new TreeSet<>();
        Matcher m = VAR.matcher(query);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (!name.chars().allMatch(Character::isDigit)) {
                out.add(name);
            }
        }
        return out;
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }
}
