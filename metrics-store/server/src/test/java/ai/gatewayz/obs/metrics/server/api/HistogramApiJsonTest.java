package ai.gatewayz.obs.metrics.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Histogram.ResetHint;
import ai.gatewayz.obs.metrics.model.Histogram.Span;
import ai.gatewayz.obs.metrics.promql.engine.PromqlEngine;
import ai.gatewayz.obs.metrics.promql.engine.QueryOptions;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Native histograms through the query API's JSON writer against a golden file: instant vectors
 * ({@code "histogram"}), matrices ({@code "histograms"} beside {@code "values"}), every bucket
 * boundary rule (negative, zero and positive buckets), float results of histogram functions. The
 * shapes are Prometheus's (the peer differential test checks the same against Prometheus 2.42).
 * {@code UPDATE_GOLDEN=1} rewrites the file from the output (then review the diff).
 */
class HistogramApiJsonTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final Path GOLDEN = Path.of("src/test/resources/golden/histogram-api/queries.txt");

    private static final List<String[]> QUERIES = List.of(
            new String[] {"instant", "rpc_seconds"},
            new String[] {"instant", "temperature"},
            new String[] {"range", "rpc_seconds"},
            new String[] {"instant", "rpc_seconds[1m]"},
            new String[] {"instant", "rate(rpc_seconds[1m])"},
            new String[] {"instant", "increase(rpc_seconds[1m])"},
            new String[] {"instant", "histogram_count(rpc_seconds)"},
            new String[] {"instant", "histogram_sum(rpc_seconds)"},
            new String[] {"instant", "histogram_quantile(0.5, rpc_seconds)"},
            new String[] {"instant", "histogram_fraction(0, 2, rpc_seconds)"},
            new String[] {"instant", "sum(rpc_seconds)"},
            new String[] {"instant", "temperature * 2"},
            new String[] {"range", "histogram_count(rate(rpc_seconds[30s]))"},
            new String[] {"range", "mixed"});

    private static Storage data() {
        Storage s = new MemoryStorage();
        Appender a = s.appender();
        for (int k = 0; k < 5; k++) {
            for (String job : List.of("a", "b")) {
                Labels l = Labels.of("__name__", "rpc_seconds", "job", job);
                long c = k * (job.equals("a") ? 1L : 3L);
                a.appendHistogram(0, l, T0 + k * 15_000L, Histogram.ofIntegerCounts(ResetHint.NO, 1, 0.001, c, 6 * c + 1,
                        c * 2.25 + 0.5, new Span[] {new Span(-1, 2), new Span(2, 1)}, new long[] {c, 2 * c, 3 * c},
                        new Span[0], new long[0]));
            }
        }
        a.appendHistogram(0, Labels.of("__name__", "temperature"), T0 + 60_000, Histogram.ofFloat(ResetHint.GAUGE, 0, 0.25,
                1.5, 9.5, -3.75, new Span[] {new Span(0, 2)}, new double[] {2, 0.5}, new Span[] {new Span(1, 2)},
                new double[] {4, 1.5}));
        Labels mixed = Labels.of("__name__", "mixed");
        a.append(0, mixed, T0, 1);
        a.appendHistogram(0, mixed, T0 + 15_000, Histogram.ofIntegerCounts(ResetHint.UNKNOWN, 0, 0, 1, 1, 0.5,
                new Span[0], new long[0], new Span[0], new long[0]));
        a.append(0, mixed, T0 + 30_000, 3);
        a.commit();
        return s;
    }

    @Test
    void histogramsRenderAsPrometheusRendersThem() throws IOException {
        Storage s = data();
        PromqlEngine engine = new PromqlEngine(QueryOptions.DEFAULTS);
        StringBuilder out = new StringBuilder();
        for (String[] q : QUERIES) {
            var r = q[0].equals("instant") ? engine.instant(s, q[1], T0 + 60_000)
                    : engine.range(s, q[1], T0, T0 + 60_000, 15_000);
            out.append(q[0]).append(' ').append(q[1]).append('\n')
                    .append(ApiJson.success(ApiJson.queryData(r), r.warnings(), r.infos())).append("\n\n");
        }
        if ("1".equals(System.getenv("UPDATE_GOLDEN"))) {
            Files.writeString(GOLDEN, out);
        }
        assertThat(out.toString()).isEqualTo(Files.readString(GOLDEN));
    }
}
