package ai.gatewayz.obs.alertmanager;

import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code alerting} block of a Prometheus configuration, read from already-parsed YAML:
 * {@code alertmanagers[]} with {@code static_configs[].targets}, {@code scheme}, {@code path_prefix},
 * {@code timeout}, {@code api_version}, {@code basic_auth}, {@code authorization} /
 * {@code bearer_token(_file)}; {@code alert_relabel_configs} is accepted and reported as unsupported
 * in {@link #warnings()}. Immutable.
 */
public record AlertingConfig(List<AlertmanagerTarget> targets, List<String> warnings) {
    private static final Set<String> AM_KEYS = Set.of("static_configs", "scheme", "path_prefix", "timeout",
            "api_version", "basic_auth", "authorization", "bearer_token", "bearer_token_file", "follow_redirects",
            "enable_http2", "tls_config", "relabel_configs");

    public static final AlertingConfig NONE = new AlertingConfig(List.of(), List.of());

    /** Parses the {@code alerting} section; {@code baseDir} resolves credential files. */
    public static AlertingConfig from(Map<String, Object> alerting, Path baseDir) {
        if (alerting == null) {
            return NONE;
        }
        List<AlertmanagerTarget> targets = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String k : alerting.keySet()) {
            if (!k.equals("alertmanagers") && !k.equals("alert_relabel_configs")) {
                warnings.add("alerting: unknown field ignored [field=" + k + "]");
            }
        }
        if (alerting.get("alert_relabel_configs") instanceof List<?> l && !l.isEmpty()) {
            warnings.add("alerting.alert_relabel_configs is not supported and is ignored");
        }
        Object ams = alerting.get("alertmanagers");
        if (ams == null) {
            return new AlertingConfig(List.of(), List.copyOf(warnings));
        }
        if (!(ams instanceof List<?> amList)) {
            throw invalid("alerting.alertmanagers", String.valueOf(ams), "must be a list");
        }
        int i = 0;
        for (Object o : amList) {
            String where = "alerting.alertmanagers[" + i++ + "]";
            if (!(o instanceof Map<?, ?> am)) {
                throw invalid(where, String.valueOf(o), "must be a mapping");
            }
            for (Object k : am.keySet()) {
                if (!AM_KEYS.contains(String.valueOf(k))) {
                    warnings.add(where + ": unknown field ignored [field=" + k + "]");
                } else if (k.equals("tls_config") || k.equals("relabel_configs")) {
                    warnings.add(where + "." + k + " is not supported and is ignored");
                }
            }
            String scheme = str(am, "scheme", "http");
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw invalid(where + ".scheme", scheme, "must be http or https");
            }
            String prefix = str(am, "path_prefix", "");
            if (!prefix.isEmpty() && !prefix.startsWith("/")) {
                prefix = "/" + prefix;
            }
            while (prefix.endsWith("/")) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }
            String api = str(am, "api_version", "v2");
            if (!api.equals("v1") && !api.equals("v2")) {
                throw invalid(where + ".api_version", api, "must be v1 or v2");
            }
            long timeout;
            try {
                timeout = Durations.parse(str(am, "timeout", "10s"));
            } catch (SuiteException e) {
                throw invalid(where + ".timeout", str(am, "timeout", ""), e.getMessage());
            }
            String auth = auth(am, where, baseDir);
            Object sc = am.get("static_configs");
            if (sc instanceof List<?> scl) {
                for (Object s : scl) {
                    if (s instanceof Map<?, ?> sm && sm.get("targets") instanceof List<?> tl) {
                        for (Object t : tl) {
                            targets.add(new AlertmanagerTarget(scheme + "://" + t + prefix, api, timeout, auth));
                        }
                    }
                }
            }
            if (am.containsKey("file_sd_configs") || am.containsKey("dns_sd_configs")) {
                warnings.add(where + ": only static_configs are supported");
            }
        }
        return new AlertingConfig(List.copyOf(targets), List.copyOf(warnings));
    }

    private static String auth(Map<?, ?> am, String where, Path baseDir) {
        if (am.get("basic_auth") instanceof Map<?, ?> ba) {
            String user = str(ba, "username", "");
            String pass = str(ba, "password", "");
            if (ba.containsKey("password_file")) {
                pass = readSecret(str(ba, "password_file", ""), baseDir, where + ".basic_auth.password_file");
            }
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
        }
        if (am.get("authorization") instanceof Map<?, ?> az) {
            String type = str(az, "type", "Bearer");
            String cred = str(az, "credentials", "");
            if (az.containsKey("credentials_file")) {
                cred = readSecret(str(az, "credentials_file", ""), baseDir, where + ".authorization.credentials_file");
            }
            return type + " " + cred;
        }
        if (am.containsKey("bearer_token")) {
            return "Bearer " + str(am, "bearer_token", "");
        }
        if (am.containsKey("bearer_token_file")) {
            return "Bearer " + readSecret(str(am, "bearer_token_file", ""), baseDir, where + ".bearer_token_file");
        }
        return null;
    }

    private static String readSecret(String file, Path baseDir, String where) {
        Path p = Path.of(file);
        if (!p.isAbsolute() && baseDir != null) {
            p = baseDir.resolve(p);
        }
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            throw invalid(where, file, "cannot read: " + e.getMessage());
        }
    }

    private static String str(Map<?, ?> m, String key, String dflt) {
        Object v = m.get(key);
        return v == null ? dflt : String.valueOf(v);
    }

    private static SuiteException invalid(String field, String value, String reason) {
        return new SuiteException(ErrorKind.BAD_DATA, "invalid alerting configuration [field=" + field
                + ", value=" + value + ", reason=" + reason + "]");
    }
}
