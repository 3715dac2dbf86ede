package ai.gatewayz.obs.profiles.pprof;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.LocalSymbols;
import ai.gatewayz.obs.profiles.model.ProfileInput;
import ai.gatewayz.obs.profiles.model.ProfileTypeId;
import ai.gatewayz.obs.proto.pprof.PprofProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a pprof {@code profile.proto} body (gzip detected by magic bytes) into one
 * {@link ProfileInput} per sample type and per set of string sample labels: pprof labels become
 * series labels, except {@code span_id} (16 hex digits), which becomes the sample's span id.
 * Validates every reference (string, function, location, mapping ids). Thread-safe (stateless).
 */
public final class PprofDecoder {
    /** The sample label carrying a span id (what span-profiling agents write). */
    public static final String SPAN_LABEL = "span_id";

    private final long maxDecompressed;

    public PprofDecoder(long maxDecompressed) {
        this.maxDecompressed = maxDecompressed;
    }

    /** Parses (and inflates) a body; the raw message for callers that need deltas. */
    public PprofProto.Profile parse(byte[] body) {
        if (body.length == 0) {
            throw PprofErrors.empty();
        }
        byte[] raw = Gzip.maybeGunzip(body, maxDecompressed);
        if (raw.length == 0) {
            throw PprofErrors.empty();
        }
        try {
            PprofProto.Profile p = PprofProto.Profile.parseFrom(raw);
            validate(p);
            return p;
        } catch (InvalidProtocolBufferException e) {
            throw PprofErrors.notProtobuf(e.getMessage());
        }
    }

    /**
     * Converts a parsed profile. {@code base} are the series labels of the request (with
     * {@code service_name}); {@code name} is the profile type name ({@code __name__}) or null to
     * derive it from the sample type; {@code fallbackTimeNanos} is used when the profile has no time.
     */
    public List<ProfileInput> convert(PprofProto.Profile p, Labels base, String name, long fallbackTimeNanos) {
        List<String> st = p.getStringTableList();
        LocalSymbols symbols = new LocalSymbols();
        int[] str = new int[st.size()];
        for (int i = 0; i < str.length; i++) {
            str[i] = symbols.string(st.get(i));
        }
        Map<Long, Integer> mappingIdx = new HashMap<>();
        for (PprofProto.Mapping m : p.getMappingList()) {
            mappingIdx.put(m.getId(), symbols.addMapping(new LocalSymbols.Mapping(m.getMemoryStart(), m.getMemoryLimit(),
                    m.getFileOffset(), str[(int) m.getFilename()], str[(int) m.getBuildId()])));
        }
        Map<Long, Integer> functionIdx = new HashMap<>();
        for (PprofProto.Function f : p.getFunctionList()) {
            functionIdx.put(f.getId(), symbols.addFunction(new LocalSymbols.Function(str[(int) f.getName()],
                    str[(int) f.getSystemName()], str[(int) f.getFilename()], f.getStartLine())));
        }
        Map<Long, Integer> locationIdx = new HashMap<>();
        for (PprofProto.Location l : p.getLocationList()) {
            int n = l.getLineCount();
            int[] fns = new int[n];
            long[] lines = new long[n];
            for (int i = 0; i < n; i++) {
                fns[i] = functionIdx.get(l.getLine(i).getFunctionId());
                lines[i] = l.getLine(i).getLine();
            }
            Integer mapping = l.getMappingId() == 0 ? null : mappingIdx.get(l.getMappingId());
            locationIdx.put(l.getId(), symbols.addLocation(new LocalSymbols.Location(mapping == null ? -1 : mapping,
                    l.getAddress(), fns, lines)));
        }
        // group samples by their string labels: each group is one series per sample type
        Map<Labels, List<Integer>> groups = new LinkedHashMap<>();
        long[] spans = new long[p.getSampleCount()];
        int[][] stacks = new int[p.getSampleCount()][];
        for (int i = 0; i < p.getSampleCount(); i++) {
            PprofProto.Sample s = p.getSample(i);
            Labels.Builder lb = base.toBuilder();
            for (PprofProto.Label l : s.getLabelList()) {
                if (l.getStr() == 0) {
                    continue; // numeric labels do not split series
                }
                String key = st.get((int) l.getKey());
                String value = st.get((int) l.getStr());
                if (key.equals(SPAN_LABEL)) {
                    spans[i] = parseSpan(value);
                } else if (!key.isEmpty() && !key.startsWith("__")) {
                    lb.set(sanitize(key), value);
                }
            }
            int[] stack = new int[s.getLocationIdCount()];
            for (int j = 0; j < stack.length; j++) {
                stack[j] = locationIdx.get(s.getLocationId(j));
            }
            stacks[i] = stack;
            groups.computeIfAbsent(lb.build(), k -> new ArrayList<>()).add(i);
        }
        String periodType = p.hasPeriodType() ? st.get((int) p.getPeriodType().getType()) : "";
        String periodUnit = p.hasPeriodType() ? st.get((int) p.getPeriodType().getUnit()) : "";
        long time = p.getTimeNanos() != 0 ? p.getTimeNanos() : fallbackTimeNanos;
        List<ProfileInput> out = new ArrayList<>();
        for (int t = 0; t < p.getSampleTypeCount(); t++) {
            String sampleType = st.get((int) p.getSampleType(t).getType());
            String sampleUnit = st.get((int) p.getSampleType(t).getUnit());
            ProfileTypeId type = new ProfileTypeId(name != null ? name : ProfileTypeNames.forSampleType(sampleType),
                    sampleType, sampleUnit, periodType, periodUnit);
            for (Map.Entry<Labels, List<Integer>> g : groups.entrySet()) {
                List<Integer> idx = new ArrayList<>();
                for (int i : g.getValue()) {
                    if (p.getSample(i).getValueCount() > t && p.getSample(i).getValue(t) != 0) {
                        idx.add(i);
                    }
                }
                int n = idx.size();
                int[][] sst = new int[n][];
                long[] values = new long[n];
                long[] sp = new long[n];
                for (int k = 0; k < n; k++) {
                    int i = idx.get(k);
                    sst[k] = stacks[i];
                    values[k] = p.getSample(i).getValue(t);
                    sp[k] = spans[i];
                }
                Labels series = g.getKey().toBuilder().set(Labels.METRIC_NAME, type.name())
                        .set(ProfileTypeId.LABEL, type.id()).build();
                out.add(new ProfileInput(series, time, p.getDurationNanos(), symbols, sst, values, sp));
            }
        }
        return out;
    }

    static long parseSpan(String hex) {
        if (hex.length() != 16) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(hex, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** pprof label keys may hold characters Pyroscope label names cannot; map them to '_'. */
    static String sanitize(String key) {
        StringBuilder sb = null;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = c == '_' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!ok) {
                if (sb == null) {
                    sb = new StringBuilder(key);
                }
                sb.setCharAt(i, '_');
            }
        }
        return sb == null ? key : sb.toString();
    }

    private static void validate(PprofProto.Profile p) {
        int ns = p.getStringTableCount();
        if (ns == 0 || !p.getStringTable(0).isEmpty()) {
            throw PprofErrors.firstStringNotEmpty();
        }
        if (p.getSampleTypeCount() == 0) {
            throw PprofErrors.noSampleTypes();
        }
        for (PprofProto.ValueType vt : p.getSampleTypeList()) {
            checkString(vt.getType(), ns, "sample_type.type out of range");
            checkString(vt.getUnit(), ns, "sample_type.unit out of range");
        }
        checkString(p.getPeriodType().getType(), ns, "period_type.type out of range");
        checkString(p.getPeriodType().getUnit(), ns, "period_type.unit out of range");
        java.util.Set<Long> mappings = new java.util.HashSet<>();
        for (PprofProto.Mapping m : p.getMappingList()) {
            if (m.getId() == 0 || !mappings.add(m.getId())) {
                throw PprofErrors.inconsistent("mapping id zero or duplicate", m.getId());
            }
            checkString(m.getFilename(), ns, "mapping.filename out of range");
            checkString(m.getBuildId(), ns, "mapping.build_id out of range");
        }
        java.util.Set<Long> functions = new java.util.HashSet<>();
        for (PprofProto.Function f : p.getFunctionList()) {
            if (f.getId() == 0 || !functions.add(f.getId())) {
                throw PprofErrors.inconsistent("function id zero or duplicate", f.getId());
            }
            checkString(f.getName(), ns, "function.name out of range");
            checkString(f.getSystemName(), ns, "function.system_name out of range");
            checkString(f.getFilename(), ns, "function.filename out of range");
        }
        java.util.Set<Long> locations = new java.util.HashSet<>();
        for (PprofProto.Location l : p.getLocationList()) {
            if (l.getId() == 0 || !locations.add(l.getId())) {
                throw PprofErrors.inconsistent("location id zero or duplicate", l.getId());
            }
            if (l.getMappingId() != 0 && !mappings.contains(l.getMappingId())) {
                throw PprofErrors.inconsistent("location refers to an unknown mapping", l.getMappingId());
            }
            for (PprofProto.Line line : l.getLineList()) {
                if (!functions.contains(line.getFunctionId())) {
                    throw PprofErrors.inconsistent("line refers to an unknown function", line.getFunctionId());
                }
            }
        }
        for (PprofProto.Sample s : p.getSampleList()) {
            if (s.getValueCount() != p.getSampleTypeCount()) {
                throw PprofErrors.inconsistent("sample has a different number of values than sample types", s.getValueCount());
            }
            for (long id : s.getLocationIdList()) {
                if (!locations.contains(id)) {
                    throw PprofErrors.inconsistent("sample refers to an unknown location", id);
                }
            }
            for (PprofProto.Label l : s.getLabelList()) {
                checkString(l.getKey(), ns, "label.key out of range");
                checkString(l.getStr(), ns, "label.str out of range");
            }
        }
    }

    private static void checkString(long idx, int n, String what) {
        if (idx < 0 || idx >= n) {
            throw PprofErrors.inconsistent(what, idx);
        }
    }
}
