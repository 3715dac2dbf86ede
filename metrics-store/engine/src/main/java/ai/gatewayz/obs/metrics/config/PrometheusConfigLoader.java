package ai.gatewayz.obs.metrics.config;

import ai.gatewayz.obs.common.EnvExpansion;
import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.metrics.scrape.RelabelConfig;
import ai.gatewayz.obs.metrics.scrape.ScrapeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Loads a Prometheus configuration file (global, scrape_configs, rule_files, alerting). Keys the
 * suite does not support are collected as warnings, never fatal. Environment variables are
 * expanded as {@code ${VAR}} or {@code ${VAR:-default}} in targets, static labels and external
 * labels (the seed's {@code ${FASTAPI_TARGET}} habit); a target that expands to nothing is skipped
 * with a warning. Stateless apart from the environment lookup.
 */
public final class PrometheusConfigLoader {
    private static final Set<String> TOP = Set.of("global", "scrape_configs", "rule_files", "alerting",
            "remote_write", "remote_read", "storage", "tracing", "scrape_config_files");
    private static final Set<String> GLOBAL = Set.of("scrape_interval", "scrape_timeout", "evaluation_interval",
            "external_labels", "query_log_file", "body_size_limit", "sample_limit");
    private static final Set<String> JOB = Set.of("job_name", "scrape_interval", "scrape_timeout", "metrics_path", "scheme",
            "params", "honor_labels", "honor_timestamps", "basic_auth", "authorization", "bearer_token", "bearer_token_file",
            "static_configs", "relabel_configs", "metric_relabel_configs", "sample_limit", "body_size_limit", "tls_config",
            "follow_redirects", "enable_http2");

    private final Function<String, String> env;

    public PrometheusConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    public static PrometheusConfigLoader withSystemEnv() {
        return new PrometheusConfigLoader(System::getenv);
    }

    public PrometheusConfig load(Path file) {
        try {
            return parse(Files.readString(file), file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw invalid("cannot read configuration file [file=" + file + ", reason=" + e.getMessage() + "]");
        }
    }

    static SuiteException invalid(String message) {
        return new SuiteException(ErrorKind.BAD_DATA, message);
    }

    @SuppressWarnings("unchecked")
    public PrometheusConfig parse(String yaml, Path baseDir) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            throw invalid("invalid YAML in configuration file [reason=" + e.getMessage().replace('\n', ' ') + "]");
        }
        Map<String, Object> top = root == null ? Map.of() : asMap(root, "top level");
        List<String> warnings = new ArrayList<>();
        unsupported(top, TOP, "", warnings);
        for (String k : List.of("remote_write", "remote_read", "storage", "tracing", "scrape_config_files")) {
            if (top.containsKey(k)) {
                warnings.add("unsupported key ignored [key=" + k + ", reason=metrics-store stores samples itself]");
            }
        }
        Map<String, Object> global = top.containsKey("global") ? asMap(top.get("global"), "global") : Map.of();
        unsupported(global, GLOBAL, "global.", warnings);
        Duration scrapeInterval = duration(global.get("scrape_interval"), Duration.ofMinutes(1), "global.scrape_interval");
        Duration scrapeTimeout = duration(global.get("scrape_timeout"), Duration.ofSeconds(10), "global.scrape_timeout");
        if (scrapeTimeout.compareTo(scrapeInterval) > 0) {
            scrapeTimeout = scrapeInterval;
        }
        Duration evaluationInterval = duration(global.get("evaluation_interval"), Duration.ofMinutes(1), "global.evaluation_interval");
        Labels external = Labels.fromMap(stringMap(global.get("external_labels"), "global.external_labels", true));

        List<ScrapeConfig> jobs = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (Object o : list(top.get("scrape_configs"), "scrape_configs")) {
            ScrapeConfig sc = job(asMap(o, "scrape_configs[]"), scrapeInterval, scrapeTimeout, baseDir, warnings);
            if (!names.add(sc.jobName())) {
                throw invalid("duplicate job_name in scrape_configs [job_name=" + sc.jobName() + "]");
            }
            jobs.add(sc);
        }
        List<String> ruleFiles = new ArrayList<>();
        for (Object o : list(top.get("rule_files"), "rule_files")) {
            ruleFiles.add(String.valueOf(o));
        }
        Map<String, Object> alerting = top.containsKey("alerting") && top.get("alerting") != null
                ? (Map<String, Object>) top.get("alerting") : Map.of();
        return new PrometheusConfig(scrapeInterval, scrapeTimeout, evaluationInterval, external, List.copyOf(jobs),
                List.copyOf(ruleFiles), alerting, baseDir, List.copyOf(warnings));
    }

    private ScrapeConfig job(Map<String, Object> m, Duration gInterval, Duration gTimeout, Path baseDir, List<String> warnings) {
        Object jn = m.get("job_name");
        if (jn == null || String.valueOf(jn).isBlank()) {
            throw invalid("scrape config without job_name");
        }
        String job = String.valueOf(jn);
        String where = "scrape_configs[job_name=" + job + "].";
        unsupported(m, JOB, where, warnings);
        if (m.containsKey("tls_config")) {
            warnings.add("unsupported key ignored [key=" + where + "tls_config, reason=https uses the JVM trust store]");
        }
        Duration interval = duration(m.get("scrape_interval"), gInterval, where + "scrape_interval");
        Duration timeout = duration(m.get("scrape_timeout"), gTimeout.compareTo(interval) > 0 ? interval : gTimeout, where + "scrape_timeout");
        if (timeout.compareTo(interval) > 0) {
            throw invalid("scrape_timeout greater than scrape_interval [job_name=" + job + ", scrape_timeout="
                    + m.get("scrape_timeout") + ", scrape_interval=" + Durations.format(interval.toMillis()) + "]");
        }
        String scheme = str(m.get("scheme"), "http");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("invalid scheme [job_name=" + job + ", scheme=" + scheme + "]");
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (m.get("params") != null) {
            asMap(m.get("params"), where + "params").forEach((k, v) -> {
                List<String> vals = new ArrayList<>();
                for (Object o : list(v, where + "params." + k)) {
                    vals.add(String.valueOf(o));
                }
                params.put(k, vals);
            });
        }
        String user = null;
        String pass = null;
        if (m.get("basic_auth") != null) {
            Map<String, Object> ba = asMap(m.get("basic_auth"), where + "basic_auth");
            user = str(ba.get("username"), "");
            pass = str(ba.get("password"), null);
            if (pass == null && ba.get("password_file") != null) {
                pass = readSecret(baseDir, String.valueOf(ba.get("password_file")), where + "basic_auth.password_file");
            }
        }
        String bearer = str(m.get("bearer_token"), null);
        Path bearerFile = m.get("bearer_token_file") == null ? null : baseDir.resolve(String.valueOf(m.get("bearer_token_file")));
        if (m.get("authorization") != null) {
            Map<String, Object> au = asMap(m.get("authorization"), where + "authorization");
            String type = str(au.get("type"), "Bearer");
            if (!type.equalsIgnoreCase("Bearer")) {
                warnings.add("unsupported authorization type ignored [key=" + where + "authorization.type, type=" + type + "]");
            } else if (au.get("credentials") != null) {
                bearer = String.valueOf(au.get("credentials"));
            } else if (au.get("credentials_file") != null) {
                bearerFile = baseDir.resolve(String.valueOf(au.get("credentials_file")));
            }
        }
        List<ScrapeConfig.StaticConfig> statics = new ArrayList<>();
        for (Object o : list(m.get("static_configs"), where + "static_configs")) {
            Map<String, Object> sc = asMap(o, where + "static_configs[]");
            List<String> targets = new ArrayList<>();
            for (Object t : list(sc.get("targets"), where + "static_configs[].targets")) {
                String expanded = expand(String.valueOf(t)).trim();
                if (expanded.isEmpty()) {
                    warnings.add("target skipped: it expands to nothing [job_name=" + job + ", target=" + t
                            + "] (set the environment variable it names)");
                    continue;
                }
                targets.add(expanded);
            }
            statics.add(new ScrapeConfig.StaticConfig(List.copyOf(targets),
                    stringMap(sc.get("labels"), where + "static_configs[].labels", true)));
        }
        return new ScrapeConfig(job, interval, timeout, str(m.get("metrics_path"), "/metrics"), scheme, params,
                bool(m.get("honor_labels"), false), bool(m.get("honor_timestamps"), true), user, pass, bearer, bearerFile,
                statics, relabels(m.get("relabel_configs"), where + "relabel_configs"),
                relabels(m.get("metric_relabel_configs"), where + "metric_relabel_configs"),
                m.get("sample_limit") == null ? 0 : ((Number) m.get("sample_limit")).longValue(), 0);
    }

    private List<RelabelConfig> relabels(Object o, String where) {
        List<RelabelConfig> out = new ArrayList<>();
        for (Object e : list(o, where)) {
            Map<String, Object> r = asMap(e, where + "[]");
            List<String> src = new ArrayList<>();
            for (Object s : list(r.get("source_labels"), where + "[].source_labels")) {
                src.add(String.valueOf(s));
            }
            try {
                out.add(RelabelConfig.of(src, str(r.get("separator"), null), str(r.get("regex"), null),
                        r.get("modulus") == null ? null : ((Number) r.get("modulus")).longValue(),
                        str(r.get("target_label"), null), str(r.get("replacement"), null), str(r.get("action"), null)));
            } catch (IllegalArgumentException ex) {
                throw invalid("invalid relabel config [key=" + where + ", reason=" + ex.getMessage() + "]");
            }
        }
        return List.copyOf(out);
    }

    /** Expands ${VAR} and ${VAR:-default}; an unset variable without default expands to "". */
    public String expand(String s) {
        return EnvExpansion.expand(s, env);
    }

    private static String readSecret(Path base, String file, String where) {
        try {
            return Files.readString(base.resolve(file)).strip();
        } catch (IOException e) {
            throw invalid("cannot read secret file [key=" + where + ", file=" + file + "]");
        }
    }

    private static void unsupported(Map<String, Object> m, Set<String> known, String prefix, List<String> warnings) {
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                warnings.add("unsupported key ignored [key=" + prefix + k + "]");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o, String where) {
        if (o == null) {
            return Map.of();
        }
        if (!(o instanceof Map)) {
            throw invalid("expected a mapping [key=" + where + "]");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) o).forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static List<?> list(Object o, String where) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l)) {
            throw invalid("expected a list [key=" + where + "]");
        }
        return l;
    }

    private Map<String, String> stringMap(Object o, String where, boolean expandEnv) {
        Map<String, String> out = new LinkedHashMap<>();
        asMap(o, where).forEach((k, v) -> out.put(k, expandEnv ? expand(String.valueOf(v)) : String.valueOf(v)));
        return out;
    }

    private static String str(Object o, String dflt) {
        return o == null ? dflt : String.valueOf(o);
    }

    private static boolean bool(Object o, boolean dflt) {
        if (o == null) {
            return dflt;
        }
        if (o instanceof Boolean b) {
            return b;
        }
        return Boolean.parseBoolean(String.valueOf(o));
    }

    private static Duration duration(Object o, Duration dflt, String where) {
        if (o == null) {
            return dflt;
        }
        try {
            return Duration.ofMillis(Durations.parse(String.valueOf(o)));
        } catch (RuntimeException e) {
            throw invalid("invalid duration [key=" + where + ", value=" + o + "]");
        }
    }
}
