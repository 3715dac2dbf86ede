package ai.gatewayz.obs.profiles.ingest;

import ai.gatewayz.obs.common.Labels;
import java.util.List;

/**
 * The legacy {@code name} parameter {@code <app>{k=v,k2=v2}}: {@code <app>} becomes
 * {@code service_name} (a known profile-type suffix such as {@code .cpu} is stripped and reported),
 * label names are {@code [A-Za-z0-9_.]}, values unquoted. Immutable.
 */
public record AppName(String app, String suffix, Labels labels) {
    static final List<String> SUFFIXES = List.of("cpu", "itimer", "wall", "alloc_objects", "alloc_space", "inuse_objects",
            "inuse_space", "lock_count", "lock_duration", "lock_samples", "lock_nanoseconds", "goroutines", "contentions", "delay");

    public static AppName parse(String name) {
        if (name == null || name.isBlank()) {
            throw IngestErrors.missingName();
        }
        int brace = name.indexOf('{');
        String app = (brace < 0 ? name : name.substring(0, brace)).trim();
        if (app.isEmpty()) {
            throw IngestErrors.badName(name, "empty application name");
        }
        Labels.Builder b = Labels.builder();
        if (brace >= 0) {
            if (!name.endsWith("}")) {
                throw IngestErrors.badName(name, "missing closing '}'");
            }
            String body = name.substring(brace + 1, name.length() - 1).trim();
            if (!body.isEmpty()) {
                for (String pair : body.split(",")) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw IngestErrors.badName(name, "label without '=': " + pair.trim());
                    }
                    String key = pair.substring(0, eq).trim();
                    String value = pair.substring(eq + 1).trim();
                    if (!validLabelName(key)) {
                        throw IngestErrors.badName(name, "invalid label name " + key);
                    }
                    if (key.equals(Labels.METRIC_NAME)) {
                        throw IngestErrors.badName(name, "reserved label name " + key);
                    }
                    b.set(key, value);
                }
            }
        }
        String suffix = null;
        int dot = app.lastIndexOf('.');
        if (dot > 0 && SUFFIXES.contains(app.substring(dot + 1))) {
            suffix = app.substring(dot + 1);
            app = app.substring(0, dot);
        }
        return new AppName(app, suffix, b.build());
    }

    static boolean validLabelName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '_' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /** Series labels: the name's labels plus {@code service_name} (or {@code app_name} if the sender set service_name). */
    public Labels seriesLabels() {
        Labels.Builder b = labels.toBuilder();
        if (labels.has("service_name")) {
            b.set("app_name", app);
        } else {
            b.set("service_name", app);
        }
        return b.build();
    }
}
