package ai.gatewayz.obs.profiles.server.render;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.profiles.ingest.IngestTimes;
import ai.gatewayz.obs.profiles.model.ProfileTypeId;
import ai.gatewayz.obs.profiles.query.Selectors;
import java.util.List;

/**
 * The legacy render {@code query}: {@code <profile type id>{selector}} (what Grafana's apps send),
 * or {@code <app>[.suffix]{selector}} of Pyroscope 0.x, which selects {@code service_name} and the
 * CPU type unless a suffix names another. Times: digit-count rule, {@code now}, {@code now-1h}.
 */
record LegacyQuery(ProfileTypeId type, List<LabelMatcher> matchers) {

    static LegacyQuery parse(String query) {
        if (query == null || query.isBlank()) {
            throw new SuiteException(ErrorKind.BAD_DATA, "missing required parameter [query=]");
        }
        int brace = query.indexOf('{');
        String head = (brace < 0 ? query : query.substring(0, brace)).trim();
        String selector = brace < 0 ? "" : query.substring(brace);
        List<LabelMatcher> m = Selectors.parse(selector);
        ProfileTypeId type;
        if (head.split(":", -1).length == 5) {
            type = ProfileTypeId.parse(head);
        } else {
            String app = head;
            type = ProfileTypeId.CPU;
            int dot = head.lastIndexOf('.');
            if (dot > 0) {
                String suffix = head.substring(dot + 1);
                app = head.substring(0, dot);
                type = switch (suffix) {
                    case "alloc_objects" -> new ProfileTypeId("memory", "alloc_objects", "count", "space", "bytes");
                    case "alloc_space" -> new ProfileTypeId("memory", "alloc_space", "bytes", "space", "bytes");
                    case "inuse_objects" -> new ProfileTypeId("memory", "inuse_objects", "count", "space", "bytes");
                    case "inuse_space" -> new ProfileTypeId("memory", "inuse_space", "bytes", "space", "bytes");
                    case "cpu", "itimer" -> ProfileTypeId.CPU;
                    default -> {
                        app = head;
                        yield ProfileTypeId.CPU;
                    }
                };
            }
            if (!app.isEmpty()) {
                m.add(LabelMatcher.eq("service_name", app));
            }
        }
        m.add(LabelMatcher.eq(ProfileTypeId.LABEL, type.id()));
        return new LegacyQuery(type, m);
    }

    /** A render time in ms: digit-count integers, {@code now}, {@code now-<duration>}. */
    static long timeMs(String param, String value, long nowMs, long defaultMs) {
        if (value == null || value.isBlank()) {
            return defaultMs;
        }
        String v = value.trim();
        if (v.equals("now")) {
            return nowMs;
        }
        if (v.startsWith("now-")) {
            try {
                return nowMs - Durations.parse(v.substring(4));
            } catch (SuiteException | IllegalArgumentException e) {
                throw new SuiteException(ErrorKind.BAD_DATA, "invalid time [" + param + "=" + value + "]");
            }
        }
        return Math.floorDiv(IngestTimes.toNanos(param, v), 1_000_000L);
    }
}
