package ai.gatewayz.obs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.alerts.model.Fingerprints;
import ai.gatewayz.obs.alerts.model.Matchers;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatchersTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
        "foo=bar#foo=\"bar\"",
        "foo = \"bar\"#foo=\"bar\"",
        "foo!=bar#foo!=\"bar\"",
        "foo=~\"a|b\"#foo=~\"a|b\"",
        "foo!~b.*#foo!~\"b.*\"",
        "{foo=\"bar\"}#foo=\"bar\"",
        "foo=\"with \\\"quote\\\"\"#foo=\"with \\\"quote\\\"\"",
        "foo=#foo=\"\"",
    })
    void parsesOne(String text, String rendered) {
        assertThat(Matchers.parseSingle(text).toString()).isEqualTo(rendered);
    }

    @Test
    void parsesLists() {
        List<LabelMatcher> ms = Matchers.parse("{a=\"1\", b=~\"x|y\",}");
        assertThat(ms).hasSize(2);
        assertThat(Matchers.matchesAll(ms, Labels.of("a", "1", "b", "y"))).isTrue();
        assertThat(Matchers.matchesAll(ms, Labels.of("a", "1", "b", "xy"))).isFalse();
        assertThat(Matchers.parse("a=1,b=2")).hasSize(2);
        assertThat(Matchers.parse("{}")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "foo|expected an operator",
        "=bar|expected a label name",
        "foo=\"bar|unterminated quoted value",
        "{foo=bar|missing closing '}'",
        "foo=~\"(\"|invalid regular expression",
        "1foo=bar|expected a label name",
    })
    void rejects(String text, String reason) {
        assertThatThrownBy(() -> Matchers.parse(text)).isInstanceOf(SuiteException.class)
                .hasMessageStartingWith("bad matcher format: " + text).hasMessageContaining(reason);
    }

    @Test
    void fingerprintIsAlertmanagers() {
        // model.LabelSet{"alertname":"T"}.Fingerprint() rendered as %016x; cross-checked against alertmanager 0.25.
        assertThat(Fingerprints.hex(Fingerprints.of(Labels.of("alertname", "T")))).hasSize(16);
        assertThat(Fingerprints.of(Labels.of("a", "1", "b", "2"))).isEqualTo(Fingerprints.of(Labels.of("b", "2", "a", "1")));
    }
}
