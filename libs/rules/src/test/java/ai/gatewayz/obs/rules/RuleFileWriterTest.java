package ai.gatewayz.obs.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Writing groups back: exact YAML for one group, and parse(write(parse(x))) == parse(x) for a rich file. */
class RuleFileWriterTest {
    static final RuleParseOptions OPTS = RuleParseOptions.defaults(ExpressionValidator.NONE);

    static final String RICH = """
            groups:
              - name: a
                interval: 5m
                query_offset: 30s
                limit: 10
                labels: {team: obs}
                rules:
                  - record: "loki:x:rate5m"
                    expr: |
                      sum by (provider) (
                        rate({app="gw"} |= "error" [5m])
                      )
                    labels: {source: loki}
                  - alert: High
                    expr: sum(rate({app="gw"}[1m])) > 1
                    for: 1h30m
                    keep_firing_for: 2m
                    labels: {severity: page}
                    annotations:
                      summary: '{{ $labels.provider }} is at {{ $value }}'
              - name: b
                rules:
                  - record: r
                    expr: 'sum(count_over_time({a="b"}[1m]))'
            """;

    @Test
    void oneGroupIsWrittenInRulefmtOrderWithDefaultsLeftOut() {
        RuleGroupSpec g = RuleFileParser.parse("f", RICH, OPTS).get(1);
        assertThat(RuleFileWriter.groupYaml(g, 60_000)).isEqualTo("""
                name: b
                rules:
                  - record: r
                    expr: sum(count_over_time({a="b"}[1m]))
                """);
    }

    @Test
    void writtenFilesParseBackToTheSameGroups() {
        List<RuleGroupSpec> first = RuleFileParser.parse("f", RICH, OPTS);
        String written = RuleFileWriter.file(first, 60_000);
        List<RuleGroupSpec> again = RuleFileParser.parse("f", written, OPTS);
        assertThat(again).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(withoutLines(again.get(i))).isEqualTo(withoutLines(first.get(i)));
        }
    }

    @Test
    void namespacesMapToTheirGroupLists() {
        List<RuleGroupSpec> gs = RuleFileParser.parse("f", RICH, OPTS);
        Map<String, List<RuleGroupSpec>> ns = new LinkedHashMap<>();
        ns.put("ns1", List.of(gs.get(1)));
        assertThat(RuleFileWriter.namespaces(ns, 60_000)).isEqualTo("""
                ns1:
                  - name: b
                    rules:
                      - record: r
                        expr: sum(count_over_time({a="b"}[1m]))
                """);
    }

    private static RuleGroupSpec withoutLines(RuleGroupSpec g) {
        List<RuleSpec> rs = g.rules().stream().map(r -> new RuleSpec(r.record(), r.alert(), r.expr(), r.forMs(),
                r.keepFiringForMs(), r.labels(), r.annotations(), 0)).toList();
        return new RuleGroupSpec(g.file(), g.name(), g.intervalMs(), g.queryOffsetMs(), g.limit(), g.labels(), rs, 0);
    }
}
