package ai.gatewayz.obs.bench.profiles;

import ai.gatewayz.obs.proto.pprof.PprofProto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Deterministic CPU profiles shaped like a Java gateway's 10 s upload at 100 Hz: a fixed call graph
 * of {@code functions} methods and a fixed pool of {@code pool} stacks 12–40 frames deep walked on
 * it; each profile draws {@code stacks} of them with a skew towards the hot ones (so consecutive
 * uploads repeat most stacks and symbols, as a service's real uploads do), 1,000 samples in total,
 * encoded as gzip pprof the way agents send it. Not thread-safe.
 */
final class SyntheticProfiles {
    private final Random rnd;
    private final int functions;
    private final int stacks;
    private final int[][] callees;
    private final int[][] pool;

    SyntheticProfiles(long seed, int functions, int stacks, int poolSize) {
        this.rnd = new Random(seed);
        this.functions = functions;
        this.stacks = stacks;
        this.callees = new int[functions][];
        for (int f = 0; f < functions; f++) {
            int n = 1 + rnd.nextInt(4);
            callees[f] = new int[n];
            for (int i = 0; i < n; i++) {
                callees[f][i] = rnd.nextInt(functions);
            }
        }
        pool = new int[poolSize][];
        for (int s = 0; s < poolSize; s++) {
            int depth = 12 + rnd.nextInt(29);
            int f = rnd.nextInt(8); // a handful of thread roots
            pool[s] = new int[depth];
            for (int d = 0; d < depth; d++) {
                pool[s][d] = f;
                f = callees[f][rnd.nextInt(callees[f].length)];
            }
        }
    }

    static String name(int f) {
        return "ai.gatewayz.backend.module" + (f % 23) + ".Component" + (f % 97) + ".method" + f;
    }

    /** One profile at {@code timeNanos}; samples of the first stacks carry {@code provider} labels. */
    PprofProto.Profile next(long timeNanos) {
        PprofProto.Profile.Builder p = PprofProto.Profile.newBuilder();
        List<String> strings = new ArrayList<>(List.of("", "cpu", "nanoseconds", "provider", "openai", "anthropic", "gatewayz.jar"));
        Map<Integer, Integer> fnLoc = new HashMap<>();
        p.addSampleType(PprofProto.ValueType.newBuilder().setType(1).setUnit(2));
        p.setPeriodType(PprofProto.ValueType.newBuilder().setType(1).setUnit(2)).setPeriod(10_000_000);
        p.addMapping(PprofProto.Mapping.newBuilder().setId(1).setFilename(6).setHasFunctions(true));
        int remaining = 1000;
        for (int s = 0; s < stacks && remaining > 0; s++) {
            // squaring a uniform draw skews towards the first (hot) stacks of the pool
            double u = rnd.nextDouble();
            int[] path = pool[(int) (u * u * pool.length)];
            List<Long> leafFirst = new ArrayList<>();
            for (int d = path.length - 1; d >= 0; d--) {
                int fn = path[d];
                Integer loc = fnLoc.get(fn);
                if (loc == null) {
                    loc = fnLoc.size() + 1;
                    fnLoc.put(fn, loc);
                    strings.add(name(fn));
                    p.addFunction(PprofProto.Function.newBuilder().setId(loc).setName(strings.size() - 1)
                            .setSystemName(strings.size() - 1).setFilename(6));
                    p.addLocation(PprofProto.Location.newBuilder().setId(loc).setMappingId(1)
                            .addLine(PprofProto.Line.newBuilder().setFunctionId(loc).setLine(10 + fn % 300)));
                }
                leafFirst.add((long) loc);
            }
            int count = s == stacks - 1 ? remaining : Math.min(remaining, 1 + rnd.nextInt(12));
            remaining -= count;
            PprofProto.Sample.Builder sample = PprofProto.Sample.newBuilder().addAllLocationId(leafFirst).addValue(count * 10_000_000L);
            if (s % 3 == 0) {
                sample.addLabel(PprofProto.Label.newBuilder().setKey(3).setStr(s % 2 == 0 ? 4 : 5));
            }
            p.addSample(sample);
        }
        return p.addAllStringTable(strings).setTimeNanos(timeNanos).setDurationNanos(10_000_000_000L).build();
    }

    int functions() {
        return functions;
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
