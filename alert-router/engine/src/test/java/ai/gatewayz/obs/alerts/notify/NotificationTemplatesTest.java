package ai.gatewayz.obs.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.alerts.config.AlertmanagerConfig;
import ai.gatewayz.obs.alerts.config.ConfigException;
import ai.gatewayz.obs.alerts.config.ConfigLoader;
import ai.gatewayz.obs.alerts.config.EmailConfig;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.gotemplate.GoTemplate;
import ai.gatewayz.obs.gotemplate.TemplateException;
import ai.gatewayz.obs.gotemplate.alertmanager.AlertmanagerTemplates;
import ai.gatewayz.obs.testkit.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Notification templates on the shared Go template engine with Alertmanager's functions and data. */
class NotificationTemplatesTest {
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
        GoTemplate defs = AlertmanagerTemplates.parse("default.tmpl", tmpl);
        for (String status : new String[] {"firing", "resolved"}) {
            Notification n = notification(status);
            String subject = AlertmanagerTemplates.parse("t", "{{ template \"__subject\" . }}").withDefinitions(List.of(defs))
                    .execute(TemplateData.of(n), Map.of(), AlertmanagerTemplates.functions());
            assertThat(subject).isEqualTo(EmailTemplates.subject(n));
            String text = AlertmanagerTemplates.parse("t", "{{ template \"__text_alert_list\" .Alerts }}{{ template \"__alertmanagerURL\" . }}")
                    .withDefinitions(List.of(defs)).execute(TemplateData.of(n), Map.of(), AlertmanagerTemplates.functions());
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
        "{{ range $i, $a := .Alerts }}{{ $i }}={{ $a.Labels.instance }};{{ end }}#0=gw-1;1=gw-2;",
        "{{ block \"x\" . }}[{{ .Status }}]{{ end }}#[firing]",
        "{{ range .Alerts }}{{ if eq .Labels.instance \"gw-2\" }}{{ break }}{{ end }}{{ .Labels.instance }}{{ end }}#gw-1",
        "{{ .CommonLabels.Remove (stringSlice \"severity\") }}#map[alertname:HighErrorRate]",
        "{{ printf \"%.1f%% %q\" 12.345 .Status }}#12.3% \"firing\"",
        "{{ if 0.0 }}t{{ else }}f{{ end }}{{ if .Alerts.Resolved }}t{{ else }}f{{ end }}#ff",
    })
    void rendersSubset(String template, String expected) {
        assertThat(AlertmanagerTemplates.parse("t", template).execute(TemplateData.of(notification("firing")), Map.of(), AlertmanagerTemplates.functions())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
        "{{ if .Status }}x#unexpected EOF",
        "{{ nosuchfn .Status }}#function \"nosuchfn\" not defined",
        "{{ break }}#{{break}} outside {{range}}",
        "{{ $x }}#undefined variable \"$x\"",
        "{{ .Status#unclosed action",
        "{{ end }}#unexpected {{end}}",
    })
    void rejectsOutsideSubset(String template, String message) {
        assertThatThrownBy(() -> AlertmanagerTemplates.parse("t", template)).isInstanceOf(TemplateException.class).hasMessageContaining(message);
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
