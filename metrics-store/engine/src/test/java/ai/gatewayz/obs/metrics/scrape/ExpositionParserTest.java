package ai.gatewayz.obs.metrics.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.MetricType;
import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExpositionParserTest {
    @Test
    void textFormatGolden() {
        ExpositionParser.Result r = ExpositionParser.parse("""
                # HELP http_requests_total The total number of HTTP requests.\\nSecond line with \\\\ backslash.
                # TYPE http_requests_total counter
                http_requests_total{method="post",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="400",} 3 1395066363000

                # A normal comment
                msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
                metric_without_timestamp_and_labels 12.47
                something_weird{problem="division by zero"} +Inf -3982045
                nan_metric NaN
                	spaced   {a = "b" }    2
                {"my.dotted.metric","service.name"="gw"} 1
                # TYPE rpc_duration_seconds summary
                rpc_duration_seconds{quantile="0.01"} 3102
                rpc_duration_seconds{quantile="1"} 4
                rpc_duration_seconds_sum 1.7560473e+07
                rpc_duration_seconds_count 2693
                # TYPE h histogram
                h_bucket{le="1"} 1
                h_bucket{le="1e-05"} 0
                h_bucket{le="+Inf"} 2
                """, ExpositionParser.Format.TEXT);
        List<ParsedSample> s = r.samples();
        assertThat(s).hasSize(15);
        assertThat(s.get(0)).isEqualTo(new ParsedSample(Labels.of("__name__", "http_requests_total", "method", "post", "code", "200"),
                1027, 1395066363000L, null));
        assertThat(s.get(2).labels().get("path")).isEqualTo("C:\\DIR\\FILE.TXT");
        assertThat(s.get(2).labels().get("error")).isEqualTo("Cannot find file:\n\"FILE.TXT\"");
        assertThat(s.get(2).hasTimestamp()).isFalse();
        assertThat(s.get(4).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(s.get(4).timestampMs()).isEqualTo(-3982045);
        assertThat(s.get(5).value()).isNaN();
        assertThat(s.get(6).labels()).isEqualTo(Labels.of("__name__", "spaced", "a", "b"));
        assertThat(s.get(7).labels()).isEqualTo(Labels.of("__name__", "my.dotted.metric", "service.name", "gw"));
        assertThat(s.get(9).labels().get("quantile")).isEqualTo("1.0");
        assertThat(s.get(12).labels().get("le")).isEqualTo("1.0");
        assertThat(s.get(13).labels().get("le")).isEqualTo("1e-05");
        assertThat(r.metadata().get("http_requests_total").type()).isEqualTo(MetricType.COUNTER);
        assertThat(r.metadata().get("http_requests_total").help())
                .isEqualTo("The total number of HTTP requests.\nSecond line with \\ backslash.");
        assertThat(r.metadata().get("rpc_duration_seconds").type()).isEqualTo(MetricType.SUMMARY);
    }

    @Test
    void openMetricsSecondsExemplarsAndEof() {
        ExpositionParser.Result r = ExpositionParser.parse("""
                # TYPE foo counter
                # UNIT foo seconds
                # HELP foo Foo.
                foo_total 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67 1520879602.2
                foo_created 1520430000.123
                # TYPE bar info
                bar_info{version="1.0"} 1
                # EOF
                """, ExpositionParser.Format.OPENMETRICS);
        assertThat(r.samples()).hasSize(3);
        assertThat(r.samples().get(0).timestampMs()).isEqualTo(1520879607789L);
        assertThat(r.samples().get(0).exemplar()).isEqualTo(new Exemplar(Labels.of("trace_id", "KOO5S4vxi0o"), 0.67, 1520879602200L));
        assertThat(r.samples().get(1).value()).isEqualTo(1520430000.123);
        assertThat(r.metadata().get("foo").unit()).isEqualTo("seconds");
        assertThat(r.metadata().get("bar").type()).isEqualTo(MetricType.INFO);
    }

    @Test
    void malformedInputIsRejectedNamingLineAndReason() {
        record Case(String body, ExpositionParser.Format f, String message) {
        }
        List<Case> cases = List.of(
                new Case("foo_total 1\n", ExpositionParser.Format.OPENMETRICS, "does not end with # EOF"),
                new Case("a 1\n# EOF\nb 2\n", ExpositionParser.Format.OPENMETRICS, "content after # EOF"),
                new Case("a{b=\"c\" 1\n", ExpositionParser.Format.TEXT, "line=1"),
                new Case("a one\n", ExpositionParser.Format.TEXT, "invalid value \"one\""),
                new Case("a 1 12.5\n", ExpositionParser.Format.TEXT, "invalid timestamp \"12.5\""),
                new Case("a{x=\"1\",x=\"2\"} 1\n", ExpositionParser.Format.TEXT, "duplicate label name x"),
                new Case("# TYPE a bogus\n", ExpositionParser.Format.TEXT, "unknown metric type \"bogus\""),
                new Case("ok 1\na 1 # {t=\"1\"} 1\n", ExpositionParser.Format.TEXT, "line=2, reason=unexpected text after the value"),
                new Case("a{b=\"\\q\"} 1\n", ExpositionParser.Format.TEXT, "invalid escape"));
        for (Case c : cases) {
            assertThatThrownBy(() -> ExpositionParser.parse(c.body(), c.f())).as(c.body())
                    .isInstanceOf(SuiteException.class).hasMessageContaining(c.message());
        }
    }

    @Test
    void contentTypeNegotiation() {
        assertThat(ExpositionParser.formatFor("application/openmetrics-text; version=1.0.0; charset=utf-8"))
                .isEqualTo(ExpositionParser.Format.OPENMETRICS);
        assertThat(ExpositionParser.formatFor("text/plain; version=0.0.4")).isEqualTo(ExpositionParser.Format.TEXT);
        assertThat(ExpositionParser.formatFor(null)).isEqualTo(ExpositionParser.Format.TEXT);
    }

    @Test
    void floatFormatMatchesGo() {
        assertThat(FloatFormat.goG(1e6)).isEqualTo("1e+06");
        assertThat(FloatFormat.goG(123456)).isEqualTo("123456");
        assertThat(FloatFormat.goG(0.0001)).isEqualTo("0.0001");
        assertThat(FloatFormat.goG(0.00001)).isEqualTo("1e-05");
        assertThat(FloatFormat.goG(2.5)).isEqualTo("2.5");
        assertThat(FloatFormat.goG(-8.999999999999979e-05)).isEqualTo("-8.999999999999979e-05");
        assertThat(FloatFormat.openMetrics(10)).isEqualTo("10.0");
        assertThat(FloatFormat.openMetrics(0.25)).isEqualTo("0.25");
    }

    /** Every corpus file parses, with as many samples as it has sample lines (an independent count). */
    @Test
    void corpusFilesParseCompletely() throws IOException {
        Path dir = Peers.corpus("prometheus-exposition");
        int files = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".txt") || f.toString().endsWith(".prom")).sorted().toList()) {
                String body = Files.readString(p);
                ExpositionParser.Format f = p.toString().endsWith(".om.txt") ? ExpositionParser.Format.OPENMETRICS : ExpositionParser.Format.TEXT;
                long lines = body.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("#")).count();
                ExpositionParser.Result r = ExpositionParser.parse(body, f);
                assertThat(r.samples()).as(p.getFileName().toString()).hasSize((int) lines);
                files++;
            }
        }
        assertThat(files).isEqualTo(5);
    }
}
