package ai.gatewayz.obs.profiles.ingest;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.ProfileInput;
import ai.gatewayz.obs.profiles.model.ProfileTypeId;
import ai.gatewayz.obs.profiles.model.StackProfileBuilder;
import ai.gatewayz.obs.profiles.pprof.PprofDecoder;
import ai.gatewayz.obs.proto.pprof.PprofProto;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The legacy {@code POST /ingest} (wire-protocols.md §5.1): query parameters plus a body (or
 * multipart parts) → profiles to store. Thread-safe (stateless apart from its decoders).
 */
public final class LegacyIngest {
    /** The query parameters; null = absent. */
    public record Params(String name, String from, String until, String sampleRate, String spyName, String units,
                         String aggregationType, String format) {
    }

    private final PprofDecoder pprof;
    private final JfrConverter jfr;

    public LegacyIngest(PprofDecoder pprof, JfrConverter jfr) {
        this.pprof = pprof;
        this.jfr = jfr;
    }

    /**
     * Converts one request. {@code parts} holds multipart parts by name (null for a plain body);
     * {@code contentType} may be null.
     */
    public List<ProfileInput> convert(Params p, String contentType, byte[] body, Map<String, byte[]> parts, long nowNanos) {
        AppName name = AppName.parse(p.name());
        long from = p.from() == null || p.from().isBlank() ? nowNanos : IngestTimes.toNanos("from", p.from());
        long until = p.until() == null || p.until().isBlank() ? nowNanos : IngestTimes.toNanos("until", p.until());
        long sampleRate = 100;
        if (p.sampleRate() != null && !p.sampleRate().isBlank()) {
            try {
                sampleRate = Long.parseLong(p.sampleRate().trim());
            } catch (NumberFormatException e) {
                throw IngestErrors.badParameter("sampleRate", p.sampleRate());
            }
            if (sampleRate <= 0) {
                throw IngestErrors.badParameter("sampleRate", p.sampleRate());
            }
        }
        String spy = p.spyName() == null || p.spyName().isBlank() ? "unknown" : p.spyName();
        String units = p.units() == null || p.units().isBlank() ? "samples" : p.units();
        String aggregation = p.aggregationType() == null || p.aggregationType().isBlank() ? "sum" : p.aggregationType();
        if (!aggregation.equals("sum") && !aggregation.equals("average")) {
            throw IngestErrors.badParameter("aggregationType", aggregation);
        }
        Labels base = name.seriesLabels().toBuilder().set("pyroscope_spy", spy).build();
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String format = p.format() == null || p.format().isBlank() ? null : p.format().toLowerCase(Locale.ROOT);
        if (format == null) {
            if (ct.startsWith("binary/octet-stream+trie")) {
                format = "trie";
            } else if (ct.startsWith("binary/octet-stream+tree")) {
                format = "tree";
            } else if (parts != null) {
                format = "pprof";
            } else {
                format = "folded";
            }
        }
        return switch (format) {
            case "folded", "groups", "lines" -> folded(name, base, units, aggregation, sampleRate, body, format.equals("lines"), from, until);
            case "pprof" -> pprof(name, base, body, parts, from);
            case "jfr" -> {
                byte[] rec = parts == null ? body : parts.get("jfr");
                if (rec == null) {
                    throw IngestErrors.missingPart("jfr");
                }
                yield jfr.convert(rec, parts == null ? null : parts.get("labels"), base, sampleRate, from, until);
            }
            case "trie", "tree", "speedscope" -> throw IngestErrors.unsupportedFormat(format);
            default -> throw IngestErrors.unknownFormat(p.format());
        };
    }

    private static ProfileTypeId typeForUnits(String units, String suffix) {
        if (suffix != null) {
            switch (suffix) {
                case "alloc_objects": return new ProfileTypeId("memory", "alloc_objects", "count", "space", "bytes");
                case "alloc_space": return new ProfileTypeId("memory", "alloc_space", "bytes", "space", "bytes");
                case "inuse_objects": return new ProfileTypeId("memory", "inuse_objects", "count", "space", "bytes");
                case "inuse_space": return new ProfileTypeId("memory", "inuse_space", "bytes", "space", "bytes");
                case "wall": return new ProfileTypeId("wall", "wall", "nanoseconds", "wall", "nanoseconds");
                case "goroutines": return new ProfileTypeId("goroutines", "goroutine", "count", "goroutine", "count");
                case "lock_count", "lock_samples", "contentions":
                    return new ProfileTypeId("mutex", "contentions", "count", "mutex", "count");
                case "lock_duration", "lock_nanoseconds", "delay":
                    return new ProfileTypeId("mutex", "delay", "nanoseconds", "mutex", "count");
                default: return ProfileTypeId.CPU;
            }
        }
        return switch (units) {
            case "samples" -> ProfileTypeId.CPU;
            case "objects" -> new ProfileTypeId("memory", "alloc_objects", "count", "space", "bytes");
            case "bytes" -> new ProfileTypeId("memory", "alloc_space", "bytes", "space", "bytes");
            case "lock_samples" -> new ProfileTypeId("mutex", "contentions", "count", "mutex", "count");
            case "lock_nanoseconds" -> new ProfileTypeId("mutex", "delay", "nanoseconds", "mutex", "count");
            case "goroutines" -> new ProfileTypeId("goroutines", "goroutine", "count", "goroutine", "count");
            default -> throw IngestErrors.badParameter("units", units);
        };
    }

    private static List<ProfileInput> folded(AppName name, Labels base, String units, String aggregation, long sampleRate,
                                             byte[] body, boolean lines, long from, long until) {
        ProfileTypeId type = typeForUnits(units, name.suffix());
        long multiplier = type.sampleUnit().equals("nanoseconds") && type.name().equals("process_cpu") ? 1_000_000_000L / sampleRate : 1;
        StackProfileBuilder b = FoldedParser.parse(body, lines, multiplier);
        Labels series = base.toBuilder().set(Labels.METRIC_NAME, type.name()).set(ProfileTypeId.LABEL, type.id())
                .set("__aggregation__", aggregation.equals("average") ? "average" : "").build();
        if (b.sampleCount() == 0) {
            return List.of();
        }
        return List.of(b.build(series, from, Math.max(0, until - from)));
    }

    private List<ProfileInput> pprof(AppName name, Labels base, byte[] body, Map<String, byte[]> parts, long from) {
        byte[] profile = parts == null ? body : parts.get("profile");
        if (profile == null) {
            throw IngestErrors.missingPart("profile");
        }
        PprofProto.Profile cur = pprof.parse(profile);
        Map<String, Value> config = parts == null ? Map.of() : sampleTypeConfig(parts.get("sample_type_config"));
        cur = applyConfig(cur, config);
        String typeName = name.suffix() == null ? null : typeForUnits("samples", name.suffix()).name();
        List<ProfileInput> out = pprof.convert(cur, base, typeName, from);
        byte[] prevBytes = parts == null ? null : parts.get("prev_profile");
        if (prevBytes != null && prevBytes.length > 0) {
            PprofProto.Profile prev = applyConfig(pprof.parse(prevBytes), config);
            out = Deltas.subtract(out, pprof.convert(prev, base, typeName, from));
        }
        List<ProfileInput> nonEmpty = new ArrayList<>();
        for (ProfileInput in : out) {
            if (in.sampleCount() > 0) {
                nonEmpty.add(in);
            }
        }
        return nonEmpty;
    }

    private static Map<String, Value> sampleTypeConfig(byte[] json) {
        if (json == null || json.length == 0) {
            return Map.of();
        }
        try {
            Struct.Builder b = Struct.newBuilder();
            JsonFormat.parser().merge(new String(json, StandardCharsets.UTF_8), b);
            return b.getFieldsMap();
        } catch (InvalidProtocolBufferException e) {
            throw IngestErrors.badSampleTypeConfig(e.getMessage());
        }
    }

    /** Applies {@code display-name} and {@code units} overrides of sample_type_config to the sample types. */
    private static PprofProto.Profile applyConfig(PprofProto.Profile p, Map<String, Value> config) {
        if (config.isEmpty()) {
            return p;
        }
        PprofProto.Profile.Builder b = p.toBuilder();
        for (int i = 0; i < p.getSampleTypeCount(); i++) {
            String type = p.getStringTable((int) p.getSampleType(i).getType());
            Value v = config.get(type);
            if (v == null || !v.hasStructValue()) {
                continue;
            }
            Map<String, Value> c = v.getStructValue().getFieldsMap();
            PprofProto.ValueType.Builder vt = b.getSampleType(i).toBuilder();
            if (c.containsKey("display-name") && c.get("display-name").hasStringValue()) {
                b.addStringTable(c.get("display-name").getStringValue());
                vt.setType(b.getStringTableCount() - 1);
            }
            if (c.containsKey("units") && c.get("units").hasStringValue()) {
                b.addStringTable(c.get("units").getStringValue());
                vt.setUnit(b.getStringTableCount() - 1);
            }
            b.setSampleType(i, vt);
        }
        return b.build();
    }
}
