package ai.gatewayz.obs.metrics.rules.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.gotemplate.prometheus.PromTemplates;
import ai.gatewayz.obs.metrics.rules.testsupport.SelectorQueryFunc;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.rules.QueryFunc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Prometheus alert templates: variables, functions (expected outputs as Prometheus renders them), errors. */
class PromTemplatesTest {
    private static final Labels LABELS = Labels.of("__name__", "up", "instance", "host:9100", "job", "node");
    private static final Labels EXT = Labels.of("cluster", "prod");

    private static String expand(String t, double value) {
        return PromTemplates.expand("__alert_T", t, LABELS, value, EXT, "http://prom.example", null, 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "{{ $labels.instance }} of {{ $labels.job }}|host:9100 of node",
        "{{ .Labels.job }} {{ .Value }}|node 0.5",
        "{{ $value }}|0.5",
        "{{ $externalLabels.cluster }} {{ .ExternalLabels.cluster }} {{ $externalURL }}|prod prod http://prom.example",
        "{{ $labels.missing }}x|x",
        "{{humanize 1048576}} {{humanize1024 1048576}} {{humanizeDuration 135.3563}} {{humanizePercentage 0.959}} {{humanizeTimestamp 1643114203}}|1.049M 1Mi 2m 15s 95.9% 2022-01-25 12:36:43 +0000 UTC",
        "{{title \"this part\"}} {{toUpper \"is testing\"}} {{toLower \"THE STRINGS\"}}. {{ stripPort \"[::1]:6006\"}} {{ stripPort \"127.0.0.1:4004\"}}. {{parseDuration \"2h10m15s\"}}. {{if match \"[0-9]+\" \"1234\"}}{{reReplaceAll \"r.*d\" \"replaced\" \"rpld text\"}}{{end}}. {{if match \"[0-9]+$\" \"1234a\"}}WRONG{{end}}.|This Part IS TESTING the strings. ::1 127.0.0.1. 7815. replaced text. .",
        "{{ humanize 0.0012 }} {{ humanize 0 }} {{ humanize 12345678 }} {{ humanize \"2048\" }}|1.2m 0 12.35M 2.048k",
        "{{ humanizeDuration 0.25 }} {{ humanizeDuration 90061 }} {{ humanizeDuration 3.5 }}|250ms 1d 1h 1m 1s 3.5s",
        "{{ printf \"%.2f\" $value }} {{ printf \"%s=%d\" \"n\" 3 }} [{{ printf \"%5.1f\" 2.25 }}]|0.50 n=3 [  2.2]",
        "{{ if gt $value 0.4 }}high{{ else }}low{{ end }}|high",
        "{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}|__name__=up;instance=host:9100;job=node;",
        "{{ with $labels.job }}job {{ . }}{{ end }}{{ with $labels.nope }}never{{ else }} none{{ end }}|job node none",
        "x {{- \"  trimmed  \" -}} y|'x  trimmed  y'",
        "{{ reReplaceAll \"(.*):(.*)\" \"$2 on $1\" $labels.instance }}|9100 on host",
        "{{ $x := 1 }}{{ if eq $x 1 }}one{{ end }}|one",
        "{{ len $labels }} {{ index $labels \"job\" }}|3 node",
        "{{ printf \"%q\" \"a\\\"b\" }}|\"a\\\"b\"",
        "{{/* a comment */}}ok|ok",
    })
    void rendersLikePrometheus(String template, String expected) {
        assertThat(expand(template, 0.5)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1|1", "0.1|0.1", "1000000|1e+06", "123456|123456", "0.00001|1e-05", "-2.5|-2.5", "NaN|NaN", "Infinity|+Inf",
    })
    void valuePrintsAsGoFloat(double v, String expected) {
        assertThat(expand("{{ $value }}", v)).isEqualTo(expected);
    }

    @Test
    void queryFirstValueLabelAndSortByLabel() {
        try (MemoryStorage s = new MemoryStorage()) {
            Appender a = s.appender();
            a.append(0, Labels.of("__name__", "m", "id", "2", "for", "template"), 1000, 20);
            a.append(0, Labels.of("__name__", "m", "id", "1", "for", "template"), 1000, 10);
            a.commit();
            QueryFunc q = new SelectorQueryFunc().bind(s);
            String t = "{{ define \"testtemplate\" }}Args are: {{.arg0}} {{.arg1}} {{.arg2}}. {{ with query \"m{for='template'}\" }}"
                    + "first_id:{{ . | sortByLabel \"id\" | first | label \"id\"}},{{ range $v := sortByLabel \"id\" .}}"
                    + "{{ . | label \"id\" }}:{{ . | value }},{{end}}{{end}}{{ end }}{{ template \"testtemplate\" (args \"foo\" \"bar\" 99) }}";
            String out = PromTemplates.expand("__alert_T", t, LABELS, 1, Labels.EMPTY, "", q.asTemplateQuery(), 2000);
            assertThat(out).isEqualTo("Args are: foo bar 99. first_id:1,1:10,2:20,");
        }
    }

    @Test
    void executionErrorsAreRenderedInline() {
        QueryFunc none = (e, t) -> java.util.List.of();
        String out = PromTemplates.expand("__alert_T", "{{ query \"x\" | first | value }}", LABELS, 1, Labels.EMPTY, "", none.asTemplateQuery(), 0);
        assertThat(out).isEqualTo("<error expanding template: template: __alert_T:1: error calling first: "
                + "first() called on vector with no elements>");
    }

    @Test
    void parseErrorsNameLine() {
        assertThatThrownBy(() -> PromTemplates.parse("__alert_T", "line1\n{{ $label.foo }}"))
                .hasMessage("template: __alert_T:2: undefined variable \"$label\"");
        assertThatThrownBy(() -> PromTemplates.parse("__alert_T", "{{ nosuch 1 }}"))
                .hasMessage("template: __alert_T:1: function \"nosuch\" not defined");
        assertThatThrownBy(() -> PromTemplates.parse("__alert_T", "{{ if 1 }}x"))
                .hasMessageContaining("unexpected EOF");
        assertThatThrownBy(() -> PromTemplates.parse("__alert_T", "{{ \"x\" "))
                .hasMessageContaining("unclosed action");
    }

    @Test
    void optionalConsoleFunctionsExpandEmpty() {
        assertThat(expand("[{{ pathPrefix }}][{{ tmpl }}]", 1)).isEqualTo("[][]");
        assertThat(expand("{{ graphLink \"up == 0\" }}", 1)).isEqualTo("/graph?g0.expr=up+%3D%3D+0&g0.tab=0");
    }
}
