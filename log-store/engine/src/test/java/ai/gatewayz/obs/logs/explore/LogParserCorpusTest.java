package ai.gatewayz.obs.logs.explore;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.ingest.Discovery;
import ai.gatewayz.obs.testkit.Peers;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * detected_level and detected_fields over the oteldb logparser samples (zap, logrus, log4j, slog,
 * zerolog, python JSON, klog, logfmt, zap development console): for every sample line, ingest
 * discovery must find the level of the golden parse result (by its severity number), and for the
 * json and logfmt samples the field detector must find every golden attribute under the name the
 * json/logfmt parsers give it. Skipped expectations, each counted and asserted to occur:
 * <ul>
 *   <li>fields of klog and zap-development lines: Loki's detected_fields knows json and logfmt only;</li>
 *   <li>array-valued JSON attributes: the json parser skips arrays;</li>
 *   <li>logfmt keys without a value (standalone {@code f}, {@code level=}) and empty values: a
 *       label with an empty value does not exist.</li>
 * </ul>
 */
class LogParserCorpusTest {
    record Sample(String format, String file, int n, String line, JsonObject golden) {
        String name() {
            return format + "/" + file + " line " + n;
        }
    }

    static List<Sample> samples() throws IOException {
        Path base = Peers.corpus("logql-oteldb").resolve("logparser");
        List<Sample> out = new ArrayList<>();
        try (Stream<Path> formats = Files.list(base.resolve("_testdata"))) {
            for (Path dir : formats.sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        String file = f.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                        int n = 0;
                        for (String raw : Files.readAllLines(f)) {
                            String line = raw.trim();
                            if (line.isEmpty()) {
                                continue;
                            }
                            n++;
                            Path g = base.resolve("_golden").resolve(String.format("%s_%s_%02d.json", dir.getFileName(), file, n));
                            out.add(new Sample(dir.getFileName().toString(), file, n, line,
                                    JsonParser.parseString(Files.readString(g)).getAsJsonObject()));
                        }
                    }
                }
            }
        }
        return out;
    }

    static String levelOf(JsonObject golden) {
        if (!golden.has("severity")) {
            return "unknown";
        }
        int n = golden.getAsJsonObject("severity").get("number").getAsInt();
        return switch ((n - 1) / 4) {
            case 0 -> "trace";
            case 1 -> "debug";
            case 2 -> "info";
            case 3 -> "warn";
            case 4 -> "error";
            default -> "critical";
        };
    }

    @TestFactory
    Stream<DynamicTest> detectedLevelMatchesTheGoldenSeverity() throws IOException {
        return samples().stream().map(s -> DynamicTest.dynamicTest(s.name(), () ->
                assertThat(Discovery.detectLevel(Labels.EMPTY, Labels.EMPTY, s.line())).as(s.line()).isEqualTo(levelOf(s.golden()))));
    }

    /** Expected field names of a golden result, and the skips it needed by reason. */
    static Set<String> expectedFields(Sample s, Map<String, Integer> skips) {
        Set<String> want = new TreeSet<>();
        JsonObject attrs = s.golden().has("attrs") ? s.golden().getAsJsonObject("attrs") : new JsonObject();
        if (!s.format().equals("generic-json") && !s.format().equals("logfmt")) {
            skips.merge("not json or logfmt", attrs.size(), Integer::sum);
            return want;
        }
        leaves("", attrs, s, want, skips);
        return want;
    }

    private static void leaves(String prefix, JsonObject o, Sample s, Set<String> want, Map<String, Integer> skips) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            String name = prefix + e.getKey();
            JsonElement v = e.getValue();
            if (v.isJsonObject()) {
                leaves(name + "_", v.getAsJsonObject(), s, want, skips);
            } else if (v.isJsonArray()) {
                skips.merge("array value", 1, Integer::sum);
            } else if (v.isJsonPrimitive() && v.getAsString().isEmpty()) {
                skips.merge("empty value", 1, Integer::sum);
            } else if (s.format().equals("logfmt") && !java.util.regex.Pattern.compile(
                    "(^|\\s)" + java.util.regex.Pattern.quote(e.getKey()) + "=[^\\s]").matcher(s.line()).find()) {
                // a standalone key or key= with nothing after it: oteldb reads true, the logfmt parser an empty value
                skips.merge("standalone logfmt key", 1, Integer::sum);
            } else {
                want.add(LineFields.sanitize(name));
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> detectedFieldsFindTheGoldenAttributes() throws IOException {
        List<Sample> all = samples();
        Map<String, Integer> skips = new java.util.TreeMap<>();
        List<DynamicTest> tests = new ArrayList<>();
        int expected = 0;
        for (Sample s : all) {
            Set<String> want = expectedFields(s, skips);
            expected += want.size();
            tests.add(DynamicTest.dynamicTest(s.name(), () -> {
                FieldDetector d = new FieldDetector();
                d.add(s.line(), Labels.EMPTY);
                Set<String> got = new TreeSet<>();
                d.fields(1000).forEach(f -> got.add(f.label()));
                assertThat(got).as(s.line()).containsAll(want);
            }));
        }
        int total = expected;
        tests.add(DynamicTest.dynamicTest("skips are the documented ones", () -> {
            assertThat(total).as("expected fields over the corpus").isGreaterThan(60);
            assertThat(skips).containsOnlyKeys("not json or logfmt", "array value", "empty value", "standalone logfmt key");
        }));
        return tests.stream();
    }
}
