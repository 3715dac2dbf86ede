package ai.gatewayz.obs.metrics.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every PromQL expression of the GatewayZ seed dashboards and rules (seed/seed-queries.jsonl)
 * parses and round-trips through the printer, after the substitution Grafana does for its
 * template variables. The only rejects are the ones Prometheus rejects too: Grafana's
 * {@code label_values()} variable queries and a few dashboard bugs of the form
 * {@code rate(x[5m]) by (l)} (grouping on a non-aggregation).
 */
class SeedQueriesParseTest {
    private static final Pattern LANG = Pattern.compile("\"language\":\\s*\"promql\"");
    private static final Pattern EXPR = Pattern.compile("\"expr\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void seedDashboardQueriesParse() throws IOException {
        List<String> lines = Files.readAllLines(Peers.shared("seed/seed-queries.jsonl"));
        int parsed = 0;
        List<String> unexpected = new ArrayList<>();
        for (String line : lines) {
            if (!LANG.matcher(line).find()) {
                continue;
            }
            Matcher m = EXPR.matcher(line);
            if (!m.find()) {
                continue;
            }
            String q = grafanaSubstitute(unescapeJson(m.group(1)));
            try {
                Expr e = Parser.parse(q);
                assertThat(Parser.parse(e.print()).print()).isEqualTo(e.print());
                parsed++;
            } catch (ParseException e) {
                boolean knownBad = q.startsWith("label_values(") || e.reason().startsWith("unexpected <by>");
                if (!knownBad) {
                    unexpected.add(e.getMessage() + " << " + q);
                }
            }
        }
        assertThat(unexpected).isEmpty();
        assertThat(parsed).isGreaterThan(450);
    }

    private static String grafanaSubstitute(String q) {
        return q.replace("$__rate_interval", "1m").replace("$__range", "1h").replace("$__interval", "1m")
                .replaceAll("\\$\\{?[a-zA-Z_]+\\}?", "x");
    }

    private static String unescapeJson(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }
}
