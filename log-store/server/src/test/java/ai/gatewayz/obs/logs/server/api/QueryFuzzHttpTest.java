package ai.gatewayz.obs.logs.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.logs.server.LokiHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Fuzzed queries over HTTP, through every query parameter path (query, query_range, labels,
 * series, index/stats, format_query): never a 5xx; a rejected query is a 400 (or 422 for a limit)
 * with a plain Loki-style message and no Java fault text. The engine-level fuzzing with thousands
 * of mutations is LogqlFuzzTest (log-store/engine); this replays a few hundred end to end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QueryFuzzHttpTest {
    private static final List<String> SEEDS = List.of(
            "sum by (level) (count_over_time({app=\"api\"} | json | drop __error__ [5m]))",
            "{app=~\"a.*\"} |= \"x\" | logfmt | status >= 500 | line_format \"{{.msg}}\"",
            "topk(2, rate({app=\"api\"}[1m])) / on() group_left vector(1)",
            "quantile_over_time(0.9, {app=\"api\"} | unwrap bytes(size) [5m]) by (pod)");
    private static final String[] BITS = {"{", "}", "(", ")", "[", "]", "\"", "|", "=~", "0x", "\\", "%", "\u00ff", "by", ",", "[0s]",
            "offset -1h", "1e400", "{{", "<_>"};
    private static final Pattern JAVA_LEAK = Pattern.compile("Exception|java\\.|\\bnull\\b|\\bat ai\\.");

    @LocalServerPort
    int port;

    @Test
    void fuzzedQueriesAreNeverServerErrors() {
        LokiHttp http = new LokiHttp(port);
        long end = System.currentTimeMillis() * 1_000_000L;
        long start = end - 3_600_000_000_000L;
        Random r = new Random(5);
        List<String> problems = new ArrayList<>();
        int rejected = 0;
        for (int i = 0; i < 300; i++) {
            StringBuilder q = new StringBuilder(SEEDS.get(r.nextInt(SEEDS.size())));
            for (int e = 0; e < 1 + r.nextInt(3); e++) {
                int at = r.nextInt(q.length() + 1);
                if (r.nextBoolean() && at < q.length()) {
                    q.delete(at, Math.min(q.length(), at + 1 + r.nextInt(5)));
                } else {
                    q.insert(at, BITS[r.nextInt(BITS.length)]);
                }
            }
            String enc = LokiHttp.enc(q.toString());
            String path = switch (i % 6) {
                case 0 -> "/loki/api/v1/query?query=" + enc + "&time=" + end;
                case 1 -> "/loki/api/v1/query_range?query=" + enc + "&start=" + start + "&end=" + end + "&step=60000ms";
                case 2 -> "/loki/api/v1/labels?query=" + enc + "&start=" + start + "&end=" + end;
                case 3 -> "/loki/api/v1/series?match[]=" + enc + "&start=" + start + "&end=" + end;
                case 4 -> "/loki/api/v1/index/stats?query=" + enc + "&start=" + start + "&end=" + end;
                default -> "/loki/api/v1/format_query?query=" + enc;
            };
            LokiHttp.Response resp = http.get(path, Map.of("X-Scope-OrgID", "fuzz"));
            boolean ok = resp.status() == 200 || (resp.status() == 400 || resp.status() == 422) && !resp.body().isBlank()
                    && !JAVA_LEAK.matcher(resp.body()).find();
            if (resp.status() != 200) {
                rejected++;
            }
            if (!ok) {
                problems.add(resp.status() + " " + path + " => " + resp.body());
            }
        }
        assertThat(problems).isEmpty();
        assertThat(rejected).as("most mutations are invalid queries").isGreaterThan(100);
    }
}
