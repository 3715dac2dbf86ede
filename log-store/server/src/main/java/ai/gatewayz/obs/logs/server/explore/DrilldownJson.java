package ai.gatewayz.obs.logs.server.explore;

import ai.gatewayz.obs.common.JsonStrings;
import ai.gatewayz.obs.logs.explore.DetectedField;
import ai.gatewayz.obs.logs.explore.VolumeGroup;
import ai.gatewayz.obs.logs.explore.Volumes;
import ai.gatewayz.obs.logs.patterns.PatternSeries;
import ai.gatewayz.obs.logs.server.api.LokiJson;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the Logs Drilldown endpoints, in the shapes of grafana-datasources.md §2.4 and
 * drilldown-apps.md §1, written with the suite's one JSON string writer. Stateless.
 */
final class DrilldownJson {
    private DrilldownJson() {
    }

    static String volume(List<VolumeGroup> groups, long atMillis) {
        StringBuilder sb = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        for (int i = 0; i < groups.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"metric\":");
            LokiJson.labels(sb, groups.get(i).labels());
            sb.append(",\"value\":");
            LokiJson.point(sb, atMillis, groups.get(i).bytes());
            sb.append('}');
        }
        return sb.append("]},\"stats\":{}}").toString();
    }

    static String volumeRange(List<Volumes.RangeGroup> groups, long startMillis, long stepMillis) {
        StringBuilder sb = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
        for (int i = 0; i < groups.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"metric\":");
            LokiJson.labels(sb, groups.get(i).labels());
            sb.append(",\"values\":[");
            long[] b = groups.get(i).bytes();
            boolean first = true;
            for (int k = 0; k < b.length; k++) {
                if (b[k] == 0) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                LokiJson.point(sb, startMillis + k * stepMillis, b[k]);
            }
            sb.append("]}");
        }
        return sb.append("]},\"stats\":{}}").toString();
    }

    static String detectedFields(List<DetectedField> fields, int limit) {
        StringBuilder sb = new StringBuilder("{\"fields\":[");
        for (int i = 0; i < fields.size(); i++) {
            DetectedField f = fields.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"label\":");
            JsonStrings.appendGo(sb, f.label());
            sb.append(",\"type\":\"").append(f.type().wire()).append("\",\"cardinality\":").append(f.cardinality())
                    .append(",\"parsers\":");
            if (f.parsers() == null) {
                sb.append("null");
            } else {
                strings(sb, f.parsers());
            }
            if (f.jsonPath() != null) {
                sb.append(",\"jsonPath\":");
                strings(sb, f.jsonPath());
            }
            sb.append('}');
        }
        return sb.append("],\"limit\":").append(limit).append('}').toString();
    }

    static String fieldValues(List<String> values, int limit) {
        StringBuilder sb = new StringBuilder("{\"values\":");
        strings(sb, values);
        return sb.append(",\"limit\":").append(limit).append('}').toString();
    }

    static String detectedLabels(Map<String, Integer> cardinalities) {
        StringBuilder sb = new StringBuilder("{\"detectedLabels\":[");
        boolean first = true;
        for (Map.Entry<String, Integer> e : cardinalities.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"label\":");
            JsonStrings.appendGo(sb, e.getKey());
            sb.append(",\"cardinality\":").append(e.getValue()).append('}');
        }
        return sb.append("]}").toString();
    }

    static String patterns(List<PatternSeries> patterns) {
        StringBuilder sb = new StringBuilder("{\"status\":\"success\",\"data\":[");
        for (int i = 0; i < patterns.size(); i++) {
            PatternSeries p = patterns.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"pattern\":");
            JsonStrings.appendGo(sb, p.pattern());
            sb.append(",\"level\":");
            JsonStrings.appendGo(sb, p.level());
            sb.append(",\"samples\":[");
            for (int k = 0; k < p.counts().length; k++) {
                if (k > 0) {
                    sb.append(',');
                }
                sb.append('[');
                seconds(sb, p.stepStartsNanos()[k]);
                sb.append(',').append(p.counts()[k]).append(']');
            }
            sb.append("]}");
        }
        return sb.append("]}").toString();
    }

    /** Unix seconds as a JSON number, with a millisecond fraction only when there is one. */
    private static void seconds(StringBuilder sb, long nanos) {
        long ms = Math.floorDiv(nanos, 1_000_000L);
        sb.append(Math.floorDiv(ms, 1000L));
        long frac = Math.floorMod(ms, 1000L);
        if (frac != 0) {
            sb.append('.').append(String.format("%03d", frac));
        }
    }

    private static void strings(StringBuilder sb, List<String> values) {
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            JsonStrings.appendGo(sb, values.get(i));
        }
        sb.append(']');
    }
}
