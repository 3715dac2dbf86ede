package ai.gatewayz.obs.logs.server.ruler;

import ai.gatewayz.obs.common.EnvExpansion;
import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The {@code ruler:} block of a Loki configuration file, read as Loki reads it: {@code enable_api},
 * {@code evaluation_interval}, {@code poll_interval}, {@code alertmanager_url} (comma-separated),
 * {@code external_url}, {@code external_labels}, {@code remote_write.enabled} with
 * {@code remote_write.clients.<name>.url/headers} (Loki 3) or the deprecated single
 * {@code remote_write.client}, {@code storage.type: local} with {@code storage.local.directory}, and
 * the for-state restore window {@code for_outage_tolerance} / {@code for_grace_period}.
 * {@code ${VAR}} and {@code ${VAR:-default}} are expanded as with Loki's {@code -config.expand-env=true}.
 * Keys we do not support are collected as warnings, not errors; a value of the wrong type or an
 * invalid duration fails with the key and the value. A {@code null} field means "not in the file".
 * Immutable.
 */
public record LokiRulerConfig(Boolean enableApi, Long evaluationIntervalMs, Long pollIntervalMs,
        List<String> alertmanagerUrls, String externalUrl, Map<String, String> externalLabels, Boolean remoteWriteEnabled,
        Map<String, Client> clients, String storageType, String directory, Long forOutageToleranceMs,
        Long forGracePeriodMs, List<String> warnings) {

    /** One remote-write destination. */
    public record Client(String url, Map<String, String> headers) {
    }

    static final LokiRulerConfig ABSENT = new LokiRulerConfig(null, null, null, null, null, null, null, null, null, null,
            null, null, List.of());

    private static final Set<String> RULER_KEYS = Set.of("enable_api", "evaluation_interval", "poll_interval",
            "alertmanager_url", "external_url", "external_labels", "remote_write", "storage", "rule_path",
            "enable_alertmanager_v2", "enable_sharding", "ring", "wal", "wal_cleaner", "evaluation", "alertmanager_client",
            "notification_queue_capacity", "notification_timeout", "for_outage_tolerance", "for_grace_period",
            "resend_delay", "alertmanager_refresh_interval", "enable_alertmanager_discovery", "datasource_uid");
    private static final Set<String> IGNORED_SILENTLY = Set.of("rule_path", "enable_alertmanager_v2", "wal", "wal_cleaner");

    /** Reads the file; a file without a {@code ruler:} block yields {@link #ABSENT} plus nothing. */
    public static LokiRulerConfig read(Path file, UnaryOperator<String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SuiteException(ErrorKind.BAD_DATA, "cannot read configuration file [file=" + file + ", error="
                    + e.getMessage() + "]", e);
        }
        return parse(file.toString(), expand(text, env));
    }

    static String expand(String text, UnaryOperator<String> env) {
        return EnvExpansion.expand(text, env);
    }

    static LokiRulerConfig parse(String file, String yaml) {
        Object doc;
        try {
            doc = new Yaml(new LoaderOptions()).load(yaml);
        } catch (YAMLException e) {
            throw bad(file, "", "yaml: " + e.getMessage().replace('\n', ' '));
        }
        if (doc == null) {
            return ABSENT;
        }
        if (!(doc instanceof Map<?, ?> top)) {
            throw bad(file, "", "the file is not a YAML mapping");
        }
        Object r = top.get("ruler");
        if (r == null) {
            return ABSENT;
        }
        Map<?, ?> ruler = map(file, "ruler", r);
        List<String> warnings = new ArrayList<>();
        for (Object k : ruler.keySet()) {
            String key = String.valueOf(k);
            if (!RULER_KEYS.contains(key)) {
                warnings.add("unknown key ignored [key=ruler." + key + "]");
            } else if (!IGNORED_SILENTLY.contains(key) && !Set.of("enable_api", "evaluation_interval", "poll_interval",
                    "alertmanager_url", "external_url", "external_labels", "remote_write", "storage", "for_outage_tolerance",
                    "for_grace_period").contains(key)) {
                warnings.add("key not supported, ignored [key=ruler." + key + "]");
            }
        }
        Boolean enableApi = bool(file, "ruler.enable_api", ruler.get("enable_api"));
        Long eval = duration(file, "ruler.evaluation_interval", ruler.get("evaluation_interval"));
        Long poll = duration(file, "ruler.poll_interval", ruler.get("poll_interval"));
        Long outage = duration(file, "ruler.for_outage_tolerance", ruler.get("for_outage_tolerance"));
        Long grace = duration(file, "ruler.for_grace_period", ruler.get("for_grace_period"));
        List<String> ams = null;
        Object am = ruler.get("alertmanager_url");
        if (am != null) {
            ams = new ArrayList<>();
            for (String u : str(file, "ruler.alertmanager_url", am).split(",")) {
                if (!u.isBlank()) {
                    ams.add(u.trim());
                }
            }
        }
        String externalUrl = ruler.get("external_url") == null ? null : str(file, "ruler.external_url", ruler.get("external_url"));
        Map<String, String> ext = ruler.get("external_labels") == null ? null
                : strings(file, "ruler.external_labels", ruler.get("external_labels"));
        Boolean rwEnabled = null;
        Map<String, Client> clients = null;
        if (ruler.get("remote_write") != null) {
            Map<?, ?> rw = map(file, "ruler.remote_write", ruler.get("remote_write"));
            rwEnabled = bool(file, "ruler.remote_write.enabled", rw.get("enabled"));
            clients = new LinkedHashMap<>();
            if (rw.get("clients") != null) {
                for (Map.Entry<?, ?> e : map(file, "ruler.remote_write.clients", rw.get("clients")).entrySet()) {
                    String name = String.valueOf(e.getKey());
                    clients.put(name, client(file, "ruler.remote_write.clients." + name, e.getValue(), warnings));
                }
            }
            if (rw.get("client") != null) {
                warnings.add("deprecated key [key=ruler.remote_write.client, use=ruler.remote_write.clients.<name>]");
                clients.put("default", client(file, "ruler.remote_write.client", rw.get("client"), warnings));
            }
            for (Object k : rw.keySet()) {
                if (!Set.of("enabled", "clients", "client").contains(String.valueOf(k))) {
                    warnings.add("key not supported, ignored [key=ruler.remote_write." + k + "]");
                }
            }
        }
        String storageType = null;
        String dir = null;
        if (ruler.get("storage") != null) {
            Map<?, ?> st = map(file, "ruler.storage", ruler.get("storage"));
            storageType = st.get("type") == null ? null : str(file, "ruler.storage.type", st.get("type"));
            if (st.get("local") != null) {
                Map<?, ?> local = map(file, "ruler.storage.local", st.get("local"));
                dir = local.get("directory") == null ? null : str(file, "ruler.storage.local.directory", local.get("directory"));
            }
            if (storageType != null && !storageType.equals("local")) {
                throw bad(file, "ruler.storage.type", "unsupported rule storage [value=" + storageType + ", supported=local]");
            }
        }
        return new LokiRulerConfig(enableApi, eval, poll, ams == null ? null : List.copyOf(ams), externalUrl,
                ext, rwEnabled, clients, storageType, dir, outage, grace, List.copyOf(warnings));
    }

    private static Client client(String file, String key, Object v, List<String> warnings) {
        Map<?, ?> m = map(file, key, v);
        Object url = m.get("url");
        if (url == null || String.valueOf(url).isBlank()) {
            throw bad(file, key + ".url", "missing remote write URL");
        }
        Map<String, String> headers = m.get("headers") == null ? Map.of() : strings(file, key + ".headers", m.get("headers"));
        for (Object k : m.keySet()) {
            if (!Set.of("url", "headers", "name").contains(String.valueOf(k))) {
                warnings.add("key not supported, ignored [key=" + key + "." + k + "]");
            }
        }
        return new Client(String.valueOf(url).trim(), headers);
    }

    private static Map<?, ?> map(String file, String key, Object v) {
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw bad(file, key, "must be a mapping [value=" + v + "]");
    }

    private static Map<String, String> strings(String file, String key, Object v) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map(file, key, v).entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
        }
        return out;
    }

    private static String str(String file, String key, Object v) {
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            throw bad(file, key, "must be a string [value=" + v + "]");
        }
        return String.valueOf(v);
    }

    private static Boolean bool(String file, String key, Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw bad(file, key, "must be true or false [value=" + v + "]");
    }

    private static Long duration(String file, String key, Object v) {
        if (v == null) {
            return null;
        }
        try {
            long ms = Durations.parse(str(file, key, v));
            if (ms <= 0) {
                throw bad(file, key, "must be positive [value=" + v + "]");
            }
            return ms;
        } catch (SuiteException e) {
            if (e.getMessage().startsWith("invalid configuration")) {
                throw e;
            }
            throw bad(file, key, "invalid duration [value=" + v + "]");
        }
    }

    private static SuiteException bad(String file, String key, String what) {
        return new SuiteException(ErrorKind.BAD_DATA, "invalid configuration [file=" + file
                + (key.isEmpty() ? "" : ", key=" + key) + "]: " + what);
    }
}
