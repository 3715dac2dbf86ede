package ai.gatewayz.obs.profiles.server.render;

import ai.gatewayz.obs.common.JsonStrings;
import ai.gatewayz.obs.profiles.model.ProfileTypeId;
import java.util.List;

/**
 * Pyroscope's legacy "flamebearer" JSON (render and render-diff): {@code version},
 * {@code flamebearer{names, levels, numTicks, maxSelf}}, {@code metadata{format, spyName,
 * sampleRate, units, name}}, and for diffs {@code leftTicks}/{@code rightTicks}. Stateless.
 */
final class Flamebearer {
    private Flamebearer() {
    }

    /** Legacy unit names and the sample rate that turns ticks into the unit shown. */
    static String units(ProfileTypeId t) {
        return switch (t.sampleUnit()) {
            case "bytes" -> "bytes";
            case "nanoseconds" -> t.name().equals("mutex") || t.name().equals("block") ? "lock_nanoseconds" : "samples";
            default -> switch (t.name()) {
                case "memory" -> "objects";
                case "mutex", "block" -> "lock_samples";
                case "goroutines", "goroutine" -> "goroutines";
                default -> "samples";
            };
        };
    }

    static String json(ProfileTypeId type, List<String> names, List<long[]> levels, long numTicks, long maxSelf,
                       boolean diff, long leftTicks, long rightTicks) {
        StringBuilder sb = new StringBuilder(256 + names.size() * 16);
        sb.append("{\"version\":1,\"flamebearer\":{\"names\":[");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            JsonStrings.appendGo(sb, names.get(i));
        }
        sb.append("],\"levels\":[");
        for (int l = 0; l < levels.size(); l++) {
            if (l > 0) {
                sb.append(',');
            }
            sb.append('[');
            long[] v = levels.get(l);
            for (int i = 0; i < v.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(v[i]);
            }
            sb.append(']');
        }
        boolean nanos = type.sampleUnit().equals("nanoseconds") && units(type).equals("samples");
        sb.append("],\"numTicks\":").append(numTicks).append(",\"maxSelf\":").append(maxSelf).append("},");
        sb.append("\"metadata\":{\"format\":\"").append(diff ? "double" : "single").append("\",\"spyName\":\"\",\"sampleRate\":")
                .append(nanos ? 1_000_000_000L : 100).append(",\"units\":\"").append(units(type)).append("\",\"name\":");
        JsonStrings.appendGo(sb, type.id());
        sb.append('}');
        if (diff) {
            sb.append(",\"leftTicks\":").append(leftTicks).append(",\"rightTicks\":").append(rightTicks);
        }
        sb.append(",\"timeline\":null}");
        return sb.toString();
    }
}
