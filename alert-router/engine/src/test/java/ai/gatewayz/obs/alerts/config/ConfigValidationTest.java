package ai.gatewayz.obs.alerts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.Labels;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table of invalid configurations and the exact error each must produce. */
class ConfigValidationTest {
    private static final String RECEIVERS = "receivers:\n  - name: a\n  - name: b\n";
    private final ConfigLoader loader = new ConfigLoader(Map.of("SECRET", "s3cr3t", "EMPTY", "")::get);

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("no route", RECEIVERS, "no routes provided"),
                Arguments.of("no root receiver", "route: {}\n" + RECEIVERS, "root route must specify a default receiver"),
                Arguments.of("root matchers", "route:\n  receiver: a\n  matchers: ['x=\"1\"']\n" + RECEIVERS, "root route must not have any matchers"),
                Arguments.of("root continue", "route:\n  receiver: a\n  continue: true\n" + RECEIVERS, "cannot have continue in root route"),
                Arguments.of("undefined receiver", "route:\n  receiver: zzz\n" + RECEIVERS, "undefined receiver \"zzz\" used in route"),
                Arguments.of("duplicate receiver", "route:\n  receiver: a\nreceivers:\n  - name: a\n  - name: a\n", "notification config name \"a\" is not unique"),
                Arguments.of("unknown field", "route:\n  receiver: a\n  colour: red\n" + RECEIVERS, "field colour not found in type config.plain"),
                Arguments.of("bad matcher", "route:\n  receiver: a\n  routes:\n    - matchers: ['foo=~\"(\"']\n" + RECEIVERS, "bad matcher format: foo=~\"(\""),
                Arguments.of("bad operator", "route:\n  receiver: a\n  routes:\n    - matchers: ['foo>1']\n" + RECEIVERS, "bad matcher format: foo>1"),
                Arguments.of("bad duration", "route:\n  receiver: a\n  group_wait: 5x\n" + RECEIVERS, "not a valid duration string: \"5x\""),
                Arguments.of("zero group_interval", "route:\n  receiver: a\n  group_interval: 0s\n" + RECEIVERS, "group_interval cannot be zero"),
                Arguments.of("group_by all and more", "route:\n  receiver: a\n  group_by: ['...', 'x']\n" + RECEIVERS, "cannot have wildcard group_by"),
                Arguments.of("undefined time interval", "route:\n  receiver: a\n  routes:\n    - receiver: b\n      mute_time_intervals: [night]\n" + RECEIVERS, "undefined time interval \"night\" used in route"),
                Arguments.of("email without smarthost", "route:\n  receiver: a\nreceivers:\n  - name: a\n    email_configs:\n      - to: x@example.org\n", "no global SMTP smarthost set"),
                Arguments.of("email without to", "global:\n  smtp_smarthost: 'h:25'\n  smtp_from: f@example.org\nroute:\n  receiver: a\nreceivers:\n  - name: a\n    email_configs:\n      - from: y@example.org\n", "missing to address in email config"),
                Arguments.of("smarthost without port", "global:\n  smtp_smarthost: 'mailhost'\nroute:\n  receiver: a\n" + RECEIVERS, "missing port in address"),
                Arguments.of("webhook without url", "route:\n  receiver: a\nreceivers:\n  - name: a\n    webhook_configs:\n      - send_resolved: true\n", "one of url or url_file must be configured"),
                Arguments.of("missing env", "route:\n  receiver: ${NOPE}\n" + RECEIVERS, "environment variable not set [name=NOPE]"),
                Arguments.of("bad equal label", "route:\n  receiver: a\n" + RECEIVERS + "inhibit_rules:\n  - equal: ['a-b']\n", "invalid label name \"a-b\""),
                Arguments.of("bad yaml", "route: [\n", "yaml:"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejects(String name, String yaml, String message) {
        assertThatThrownBy(() -> loader.load(yaml)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void inheritsAndParsesBothMatcherSyntaxes() {
        AlertmanagerConfig c = loader.load("""
                route:
                  receiver: a
                  group_by: [alertname]
                  group_wait: 1s
                  routes:
                    - receiver: b
                      matchers: ['{severity="critical", team=~"db|web",}']
                      match: {env: prod}
                      match_re: {service: 'mysql|pg'}
                """ + RECEIVERS);
        Route child = c.route().routes().get(0);
        assertThat(child.groupWaitMs()).isEqualTo(1000);
        assertThat(child.groupBy()).containsExactly("alertname");
        assertThat(child.matchers()).hasSize(4);
        assertThat(c.route().match(Labels.of("severity", "critical", "team", "db", "env", "prod", "service", "pg")))
                .extracting(Route::receiver).containsExactly("b");
        assertThat(c.route().match(Labels.of("severity", "critical", "team", "db", "env", "prod", "service", "pgx")))
                .extracting(Route::receiver).containsExactly("a");
        assertThat(child.key()).isEqualTo("{}/{env=\"prod\",service=~\"mysql|pg\",severity=\"critical\",team=~\"db|web\"}");
    }

    @Test
    void environmentSubstitutionKeepsOriginalText() {
        String yaml = """
                global:
                  smtp_smarthost: 'h:25'
                  smtp_from: 'f@example.org'
                  smtp_auth_password: '${SECRET}'
                route:
                  receiver: ${EMPTY:-a}
                """ + RECEIVERS;
        AlertmanagerConfig c = loader.load(yaml);
        assertThat(c.global().smtpAuthPassword()).isEqualTo("s3cr3t");
        assertThat(c.route().receiver()).isEqualTo("a");
        assertThat(c.original()).contains("${SECRET}").doesNotContain("s3cr3t");
    }

    @Test
    void timeIntervals() {
        AlertmanagerConfig c = loader.load("""
                time_intervals:
                  - name: office
                    time_intervals:
                      - times: [{start_time: '09:00', end_time: '17:00'}]
                        weekdays: ['monday:friday']
                route:
                  receiver: a
                  routes:
                    - receiver: b
                      active_time_intervals: [office]
                """ + RECEIVERS);
        TimeInterval office = c.timeIntervals().get("office");
        assertThat(office.contains(java.time.Instant.parse("2026-11-27T10:00:00Z"))).isTrue(); // Friday
        assertThat(office.contains(java.time.Instant.parse("2026-11-27T18:00:00Z"))).isFalse();
        assertThat(office.contains(java.time.Instant.parse("2026-11-28T10:00:00Z"))).isFalse(); // Saturday
    }
}
