package ai.gatewayz.obs.profiles.pprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.profiles.model.ProfileInput;
import ai.gatewayz.obs.profiles.model.ProfileTypeId;
import ai.gatewayz.obs.profiles.query.FoldedStacks;
import ai.gatewayz.obs.profiles.query.FunctionTable;
import ai.gatewayz.obs.profiles.query.PprofMerger;
import ai.gatewayz.obs.profiles.query.ProfileQueries;
import ai.gatewayz.obs.profiles.query.SampleFilter;
import ai.gatewayz.obs.profiles.storage.MemoryProfileStorage;
import ai.gatewayz.obs.profiles.storage.StorageOptions;
import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.proto.pprof.PprofProto;
import ai.gatewayz.obs.testkit.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Every protobuf profile of the pprof corpus (PROFILES.yaml) goes through decode → storage →
 * query: per sample type totals, totals per string-label set, top functions by self and total,
 * and the derived folded stacks must match; the must-reject inputs are refused with 4xx.
 */
class PprofCorpusTest {
    static final long FALLBACK_NANOS = 1_600_000_000_000_000_000L;
    static final long END_MS = 4_000_000_000_000L;
    final PprofDecoder decoder = new PprofDecoder(64L << 20);

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> profiles(Path corpus) throws IOException {
        Map<String, Object> doc = new Yaml().load(Files.readString(corpus.resolve("PROFILES.yaml")));
        return (List<Map<String, Object>>) doc.get("profiles");
    }

    @TestFactory
    Stream<DynamicTest> everyProfileIngestsWithItsRecordedFacts() throws IOException {
        Path corpus = Peers.corpus("pprof");
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> facts : profiles(corpus)) {
            String file = (String) facts.get("file");
            tests.add(DynamicTest.dynamicTest(file, () -> check(corpus, file, facts)));
        }
        for (String plain : List.of("sample.cpu.pb", "two-stacks.pb", "alloc_space_delta.pb")) {
            Map<String, Object> facts = profiles(corpus).stream()
                    .filter(f -> Path.of((String) f.get("file")).getFileName().toString().startsWith(plain.replace(".pb", "")))
                    .findFirst().orElseThrow();
            tests.add(DynamicTest.dynamicTest("derived/uncompressed/" + plain,
                    () -> check(corpus, "derived/uncompressed/" + plain, facts)));
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private void check(Path corpus, String file, Map<String, Object> facts) throws IOException {
        byte[] body = Files.readAllBytes(corpus.resolve(file));
        List<ProfileInput> inputs = decoder.convert(decoder.parse(body), Labels.of("service_name", "corpus"), null, FALLBACK_NANOS);
        TestClock clock = TestClock.atMillis(0);
        MemoryProfileStorage storage = new MemoryProfileStorage(StorageOptions.DEFAULTS.withRetention(Duration.ofDays(365L * 200)), clock);
        storage.appender("t").append(inputs);
        List<String> types = (List<String>) facts.get("sample_types");
        List<Number> totals = (List<Number>) facts.get("totals");
        Map<String, String> typeIds = new HashMap<>();
        for (ProfileInput in : inputs) {
            ProfileTypeId id = ProfileTypeId.parse(in.series().get(ProfileTypeId.LABEL));
            typeIds.put(id.sampleType() + "/" + id.sampleUnit(), id.id());
        }
        for (int i = 0; i < types.size(); i++) {
            String typeId = typeIds.get(types.get(i));
            long expected = totals.get(i).longValue();
            if (typeId == null) {
                assertThat(expected).as("type %s has samples but no series", types.get(i)).isZero();
                continue;
            }
            FoldedStacks f = select(storage, List.of(LabelMatcher.eq(ProfileTypeId.LABEL, typeId)));
            assertThat(f.total()).as("total of %s", types.get(i)).isEqualTo(expected);
        }
        String top = (String) facts.get("top_by_type");
        int topIdx = types.indexOf(top);
        FoldedStacks topStacks = select(storage, List.of(LabelMatcher.eq(ProfileTypeId.LABEL, typeIds.get(top))));
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> cum = new HashMap<>();
        topStacks.stacks().forEach((stack, v) -> {
            String[] frames = stack.split(";", -1); // keep an empty leaf name
            self.merge(frames[frames.length - 1], v, Long::sum);
            Set<String> once = new HashSet<>(List.of(frames));
            once.forEach(fr -> cum.merge(fr, v, Long::sum));
        });
        for (List<Object> e : (List<List<Object>>) facts.get("top_flat")) {
            assertThat(self.get((String) e.get(0))).as("self of %s", e.get(0)).isEqualTo(((Number) e.get(1)).longValue());
        }
        for (List<Object> e : (List<List<Object>>) facts.get("top_cum")) {
            assertThat(cum.get((String) e.get(0))).as("total of %s", e.get(0)).isEqualTo(((Number) e.get(1)).longValue());
        }
        assertThat(topStacks.total()).isEqualTo(totals.get(topIdx).longValue());
        String folded = (String) facts.get("folded");
        if (folded != null) {
            assertThat(topStacks.text()).isEqualTo(Files.readString(corpus.resolve(folded)));
        }
        // SelectMergeProfile gives the same totals per stack, from the samples and, once sealed, from the merged trees
        ProfileTypeId topType = ProfileTypeId.parse(typeIds.get(top));
        List<LabelMatcher> topMatcher = List.of(LabelMatcher.eq(ProfileTypeId.LABEL, topType.id()));
        Map<String, Long> nonZero = new TreeMap<>(topStacks.stacks());
        nonZero.values().removeIf(v -> v == 0); // delta profiles: a stack's samples can cancel out
        assertThat(foldPprof(PprofMerger.merge(storage.querier("t"), topType, topMatcher, 0, END_MS)))
                .as("SelectMergeProfile stacks").isEqualTo(nonZero);
        checkFunctionTable(storage, topMatcher, self, cum);
        clock.set(Instant.ofEpochMilli(END_MS + 86_400_000L));
        storage.maintain();
        assertThat(foldPprof(PprofMerger.merge(storage.querier("t"), topType, topMatcher, 0, END_MS)))
                .as("SelectMergeProfile stacks from merged trees").isEqualTo(nonZero);
        checkFunctionTable(storage, topMatcher, self, cum);
        assertThat(ProfileQueries.mergeStacktraces(storage.querier("t"), topMatcher, 0, END_MS, 0, SampleFilter.NONE).total())
                .as("flame graph total from merged trees").isEqualTo(totals.get(topIdx).longValue());
        List<Map<String, Object>> byLabels = (List<Map<String, Object>>) facts.get("totals_by_string_labels");
        if (byLabels != null) {
            for (Map<String, Object> group : byLabels) {
                List<String> pairs = (List<String>) group.get("labels");
                List<Number> groupTotals = (List<Number>) group.get("totals");
                Set<String> keys = new HashSet<>();
                for (Map<String, Object> g : byLabels) {
                    for (String kv : (List<String>) g.get("labels")) {
                        keys.add(kv.substring(0, kv.indexOf('=')));
                    }
                }
                for (int i = 0; i < types.size(); i++) {
                    List<LabelMatcher> m = new ArrayList<>();
                    m.add(LabelMatcher.eq(ProfileTypeId.LABEL, typeIds.get(types.get(i))));
                    Set<String> present = new HashSet<>();
                    for (String kv : pairs) {
                        int eq = kv.indexOf('=');
                        m.add(LabelMatcher.eq(kv.substring(0, eq), kv.substring(eq + 1)));
                        present.add(kv.substring(0, eq));
                    }
                    for (String k : keys) {
                        if (!present.contains(k)) {
                            m.add(LabelMatcher.eq(k, ""));
                        }
                    }
                    assertThat(select(storage, m).total()).as("total of %s for %s", types.get(i), pairs)
                            .isEqualTo(groupTotals.get(i).longValue());
                }
            }
        }
    }

    /** The flame-graph tree's function table against self and total computed from the folded stacks. */
    private static void checkFunctionTable(MemoryProfileStorage storage, List<LabelMatcher> m, Map<String, Long> self, Map<String, Long> cum) {
        FunctionTable t = ProfileQueries.functions(storage.querier("t"), m, 0, END_MS, 0, SampleFilter.NONE);
        Map<String, Long> tableSelf = new TreeMap<>();
        Map<String, Long> tableTotal = new TreeMap<>();
        t.rows().forEach(r -> {
            tableSelf.put(r.name(), r.self());
            tableTotal.put(r.name(), r.total());
        });
        // the table lists functions with a positive total (delta profiles can sum to zero or below)
        Map<String, Long> expectedSelf = new TreeMap<>(self);
        expectedSelf.keySet().removeIf(name -> cum.getOrDefault(name, 0L) <= 0);
        expectedSelf.values().removeIf(v -> v == 0);
        tableSelf.values().removeIf(v -> v == 0);
        Map<String, Long> expectedTotal = new TreeMap<>(cum);
        expectedTotal.values().removeIf(v -> v <= 0);
        assertThat(tableSelf).as("self per function from the tree").isEqualTo(expectedSelf);
        assertThat(tableTotal).as("total per function from the tree").isEqualTo(expectedTotal);
    }

    /** A pprof profile's samples as folded stacks (root first), zero values left out. */
    static Map<String, Long> foldPprof(PprofProto.Profile p) {
        Map<Long, String> fnName = new HashMap<>();
        p.getFunctionList().forEach(f -> fnName.put(f.getId(), p.getStringTable((int) f.getName())));
        Map<Long, Long> locFn = new HashMap<>();
        p.getLocationList().forEach(l -> locFn.put(l.getId(), l.getLine(0).getFunctionId()));
        Map<String, Long> out = new TreeMap<>();
        for (PprofProto.Sample sample : p.getSampleList()) {
            StringBuilder sb = new StringBuilder();
            for (int i = sample.getLocationIdCount() - 1; i >= 0; i--) {
                sb.append(sb.isEmpty() ? "" : ";").append(fnName.get(locFn.get(sample.getLocationId(i))));
            }
            if (sample.getValue(0) != 0) {
                out.merge(sb.toString(), sample.getValue(0), Long::sum);
            }
        }
        return out;
    }

    private static FoldedStacks select(MemoryProfileStorage storage, List<LabelMatcher> m) {
        FoldedStacks f = new FoldedStacks();
        storage.querier("t").select(m, 0, END_MS, f);
        return f;
    }

    @TestFactory
    Stream<DynamicTest> mustRejectInputsAreClientErrors() throws IOException {
        Path invalid = Peers.corpus("pprof").resolve("derived/invalid");
        Map<String, String> messages = Map.of(
                "empty", "pprof profile is empty [bytes=0]",
                "empty-gzip.gz", "pprof profile is empty [bytes=0]",
                "truncated-gzip-header.bin", "cannot decompress gzip body [detail=truncated header]",
                "concatenated-sample.cpu.gz", "concatenated profiles detected [format=gzip]");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(invalid)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    byte[] body = Files.readAllBytes(f);
                    var thrown = assertThatThrownBy(() -> decoder.parse(body)).isInstanceOf(SuiteException.class);
                    if (messages.containsKey(name)) {
                        thrown.hasMessage(messages.get(name));
                    }
                    SuiteException e = (SuiteException) org.assertj.core.api.Assertions.catchThrowable(() -> decoder.parse(body));
                    assertThat(e.kind()).as("a client error kind (4xx)").isIn(ErrorKind.BAD_DATA, ErrorKind.EXECUTION, ErrorKind.PAYLOAD_TOO_LARGE);
                }));
            }
        }
        return tests.stream();
    }
}
