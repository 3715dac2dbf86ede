package ai.gatewayz.obs.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.alerts.config.AlertmanagerConfig;
import ai.gatewayz.obs.alerts.config.ConfigException;
import ai.gatewayz.obs.alerts.config.ConfigLoader;
import ai.gatewayz.obs.alerts.config.EmailConfig;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.testkit.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoTemplateTest {
    static Notification notification(String status) {
        Notification.Item a = new Notification.Item(status, Labels.of("alertname", "HighErrorRate", "severity", "critical", "instance", "gw-1"),
                Map.of("summary", "Error rate above 5%", "runbook_url", "https://rb/x"), 1_700_000_000_000L,
                status.equals("resolved") ? 1_700_000_100_000L : 0, "http://prom/graph", "0123456789abcdef");
        Notification.Item b = new Notification.Item(status, Labels.of("alertname", "HighErrorRate", "severity", "critical", "instance", "gw-2"),
                Map.of("summary", "Error rate above 5%"), 1_700_000_000_000L, status.equals("resolved") ? 1_700_000_100_000L : 0,
                "http://prom/graph", "fedcba9876543210");
        return new Notification("critical-email", status, List.of(a, b), Labels.of("alertname", "HighErrorRate"),
                Labels.of("alertname", "HighErrorRate", "severity", "critical"), Map.of("summary", "Error rate above 5%"),
                "http://am:9093", "{}:{alertname=\"HighErrorRate\"}", 0);
    }

    @Test
    void alertmanagersDefaultTemplatesParseAndRender() throws Exception {
        String tmpl = Files.readString(Peers.corpus("alertmanager").resolve("examples/default.tmpl"));
        GoTemplate defs = GoTemplate.parse(tmpl);
        for (String status : new String[] {"firing", "resolved"}) {
            Notification n = notification(status);
            String subject = GoTemplate.parse("{{ template \"__subject\" . }}").withDefinitions(List.of(defs))
                    .execute(GoTemplate.data(n), x -> null);
            assertThat(subject).isEqualTo(EmailTemplates.subject(n));
            String text = GoTemplate.parse("{{ template \"__text_alert_list\" .Alerts }}{{ template \"__alertmanagerURL\" . }}")
                    .withDefinitions(List.of(defs)).execute(GoTemplate.data(n), x -> null);
            assertThat(text).contains("alertname = HighErrorRate").contains("instance = gw-2").contains("http://prom/graph")
                    .contains("http://am:9093");
        }
        assertThat(subjectOf("[FIRING:2] HighErrorRate (critical)")).isTrue();
    }

    private static boolean subjectOf(String expected) {
        return EmailTemplates.subject(notification("firing")).equals(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
        "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} x{{ len .Alerts.Firing }}#[FIRING] HighErrorRate x2",
        "{{ range .Alerts }}{{ .Labels.instance }};{{ end }}#gw-1;gw-2;",
        "{{ if eq .Status \"firing\" }}F{{ else if eq .Status \"resolved\" }}R{{ else }}?{{ end }}#F",
        "{{ with .CommonAnnotations.summary }}{{ . | title }}{{ end }}#Error Rate Above 5%",
        "{{ .GroupLabels.SortedPairs.Values | join \",\" }}#HighErrorRate",
        "{{- $s := index .CommonLabels \"severity\" -}} sev={{ $s }}#sev=critical",
        "{{ (index .Alerts 0).Annotations.runbook_url }}#https://rb/x",
        "{{ reReplaceAll \"gw-(.*)\" \"node$1\" \"gw-7\" }} {{ match \"^gw\" \"gw-1\" }}#node7 true",
        "{{/* comment */}}{{ toLower \"ABC\" }}#abc",
    })
    void rendersSubset(String template, String expected) {
        assertThat(GoTemplate.parse(template).execute(GoTemplate.data(notification("firing")), x -> null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
        "{{ if .Status }}x#missing {{end}}",
        "{{ nosuchfn .Status }}#function \"nosuchfn\" not defined",
        "{{ range $i, $a := .Alerts }}{{ end }}#range variables are not supported",
        "{{ .Status#unclosed action",
        "{{ end }}#unexpected {{end}}",
        "{{ block \"x\" . }}{{ end }}#not supported",
    })
    void rejectsOutsideSubset(String template, String message) {
        assertThatThrownBy(() -> GoTemplate.parse(template)).isInstanceOf(GoTemplate.TemplateException.class).hasMessageContaining(message);
    }

    @Test
    void configTemplatesFromFilesAndHeaders(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("gz.tmpl"), "{{ define \"gz.subject\" }}[GZ {{ .Status | toUpper }}] {{ .CommonLabels.alertname }}{{ end }}");
        Path cfg = dir.resolve("am.yml");
        Files.writeString(cfg, """
                global: {smtp_smarthost: 'h:25', smtp_from: 'f@example.org'}
                templates: ['*.tmpl']
                route: {receiver: a}
                receivers:
                  - name: a
                    email_configs:
                      - to: a@example.org
                        headers: {subject: '{{ template "gz.subject" . }}'}
                        text: '{{ range .Alerts.Firing }}{{ .Labels.instance }} {{ end }}'
                """);
        AlertmanagerConfig c = new ConfigLoader(Map.<String, String>of()::get).loadFile(cfg);
        EmailConfig e = c.receivers().get("a").emailConfigs().get(0);
        EmailTemplates.Rendered r = EmailTemplates.render(e, notification("firing"));
        assertThat(r.headers()).containsEntry("Subject", "[GZ FIRING] HighErrorRate").containsEntry("To", "a@example.org");
        assertThat(r.text()).isEqualTo("gw-1 gw-2 ");
        assertThat(r.html()).isNull();

        Files.writeString(cfg, Files.readString(cfg).replace("{{ range .Alerts.Firing }}", "{{ range .Alerts.Firing "));
        assertThatThrownBy(() -> new ConfigLoader(Map.<String, String>of()::get).loadFile(cfg)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid template").hasMessageContaining(".text");
        Files.writeString(dir.resolve("bad.tmpl"), "{{ define \"x\" }}{{ if }}");
        assertThatThrownBy(() -> new ConfigLoader(Map.<String, String>of()::get).loadFile(cfg)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.tmpl");
    }
}
