package ai.gatewayz.obs.profiles.ingest;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.ProfileInput;
import ai.gatewayz.obs.profiles.model.ProfileTypeId;
import ai.gatewayz.obs.profiles.model.StackProfileBuilder;
import ai.gatewayz.obs.profiles.pprof.Gzip;
import ai.gatewayz.obs.profiles.pprof.PprofDecoder;
import ai.gatewayz.obs.proto.pyroscope.JfrLabels;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Converts a pyroscope-java JFR upload (the {@code jfr} part and the optional {@code labels}
 * {@code LabelsSnapshot} part, each possibly gzip) into profiles: one per profile type and dynamic
 * label set. The recording is parsed with the JDK's {@code jdk.jfr.consumer} API, which needs a
 * file, so it is written to a temporary file that is always deleted. Thread-safe (stateless).
 */
public final class JfrConverter {
    private final Path tempDir;
    private final long maxDecompressed;

    public JfrConverter(Path tempDir, long maxDecompressed) {
        this.tempDir = tempDir;
        this.maxDecompressed = maxDecompressed;
    }

    private record Key(ProfileTypeId type, Labels dynamic) {
    }

    public List<ProfileInput> convert(byte[] jfr, byte[] labelsPart, Labels base, long sampleRate,
                                      long fromNanos, long untilNanos) {
        Map<Long, Labels> contexts = contexts(labelsPart);
        byte[] raw = Gzip.maybeGunzip(jfr, maxDecompressed);
        if (raw.length == 0) {
            throw IngestErrors.badJfr("empty recording");
        }
        long period = 1_000_000_000L / Math.max(1, sampleRate);
        Map<Key, StackProfileBuilder> builders = new LinkedHashMap<>();
        Map<Key, String> jfrEvents = new HashMap<>();
        Path file = null;
        try {
            file = Files.createTempFile(tempDir, "upload", ".jfr");
            Files.write(file, raw);
            try (RecordingFile rf = new RecordingFile(file)) {
                while (rf.hasMoreEvents()) {
                    RecordedEvent e = rf.readEvent();
                    JfrEventTypes.Mapping m = JfrEventTypes.BY_EVENT.get(e.getEventType().getName());
                    RecordedStackTrace st = m == null ? null : e.getStackTrace();
                    if (st == null) {
                        continue;
                    }
                    List<String> frames = frames(st);
                    if (frames.isEmpty()) {
                        continue;
                    }
                    long ctx = e.hasField("contextId") ? e.getLong("contextId") : 0;
                    Labels dyn = ctx == 0 ? Labels.EMPTY : contexts.getOrDefault(ctx, Labels.EMPTY);
                    long span = 0;
                    if (dyn.has(PprofDecoder.SPAN_LABEL)) {
                        span = parseSpan(dyn.get(PprofDecoder.SPAN_LABEL));
                        dyn = dyn.toBuilder().del(PprofDecoder.SPAN_LABEL).build();
                    }
                    for (JfrEventTypes.Output o : m.outputs()) {
                        long v = switch (o.value()) {
                            case PERIOD -> period;
                            case ONE -> 1;
                            case TLAB_SIZE -> e.hasField("tlabSize") ? e.getLong("tlabSize") : 0;
                            case ALLOCATION_SIZE -> e.hasField("allocationSize") ? e.getLong("allocationSize") : 0;
                            case DURATION -> e.getDuration().toNanos();
                        };
                        Key k = new Key(o.type(), dyn);
                        builders.computeIfAbsent(k, x -> new StackProfileBuilder()).add(frames, v, span);
                        jfrEvents.put(k, m.jfrEvent());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ai.gatewayz.obs.common.SuiteException se) {
                throw se;
            }
            throw IngestErrors.badJfr(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        List<ProfileInput> out = new ArrayList<>();
        builders.forEach((k, b) -> {
            Labels.Builder lb = base.toBuilder();
            k.dynamic().forEach(lb::set);
            lb.set(Labels.METRIC_NAME, k.type().name()).set(ProfileTypeId.LABEL, k.type().id())
                    .set("__delta__", "false").set("jfr_event", jfrEvents.get(k));
            out.add(b.build(lb.build(), fromNanos, Math.max(0, untilNanos - fromNanos)));
        });
        return out;
    }

    /** Frame names root first: {@code package.Class.method}. */
    private static List<String> frames(RecordedStackTrace st) {
        List<RecordedFrame> fs = st.getFrames();
        List<String> out = new ArrayList<>(fs.size());
        for (int i = fs.size() - 1; i >= 0; i--) {
            RecordedMethod m = fs.get(i).getMethod();
            if (m == null) {
                continue;
            }
            String type = m.getType() == null ? "" : m.getType().getName();
            out.add(type.isEmpty() ? m.getName() : type + "." + m.getName());
        }
        return out;
    }

    private static long parseSpan(String hex) {
        try {
            return hex.length() == 16 ? Long.parseUnsignedLong(hex, 16) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private Map<Long, Labels> contexts(byte[] part) {
        Map<Long, Labels> out = new HashMap<>();
        if (part == null || part.length == 0) {
            return out;
        }
        JfrLabels.LabelsSnapshot snap;
        try {
            snap = JfrLabels.LabelsSnapshot.parseFrom(Gzip.maybeGunzip(part, maxDecompressed));
        } catch (InvalidProtocolBufferException e) {
            throw IngestErrors.badLabels(e.getMessage());
        }
        Map<Long, String> strings = snap.getStringsMap();
        snap.getContextsMap().forEach((id, ctx) -> {
            Labels.Builder b = Labels.builder();
            ctx.getLabelsMap().forEach((k, v) -> {
                String key = strings.get(k);
                String value = strings.get(v);
                if (key != null && value != null && AppName.validLabelName(key) && !key.startsWith("__")) {
                    b.set(key, value);
                }
            });
            out.put(id, b.build());
        });
        return out;
    }
}
