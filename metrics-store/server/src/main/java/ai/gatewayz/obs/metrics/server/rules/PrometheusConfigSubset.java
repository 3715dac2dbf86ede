package ai.gatewayz.obs.metrics.server.rules;

import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The keys of a prometheus.yml the rule engine needs: {@code global.evaluation_interval},
 * {@code global.external_labels}, {@code rule_files} and the {@code alerting} section. A private,
 * minimal read until the shared configuration loader is wired in; other keys are left to it.
 * Immutable.
 */
record PrometheusConfigSubset(Path file, long evaluationIntervalMs, Labels externalLabels, List<String> ruleFiles,
        Map<String, Object> alerting) {

    static PrometheusConfigSubset empty() {
        return new PrometheusConfigSubset(null, 60_000, Labels.EMPTY, List.of(), null);
    }

    @SuppressWarnings("unchecked")
    static PrometheusConfigSubset read(Path file) {
        Object doc;
        try {
            doc = new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new SuiteException(ErrorKind.BAD_DATA, "cannot read configuration file [file=" + file + ", error="
                    + e.getMessage() + "]");
        } catch (RuntimeException e) {
            throw new SuiteException(ErrorKind.BAD_DATA, "invalid configuration file [file=" + file + ", error="
                    + e.getMessage() + "]");
        }
        if (doc == null) {
            return new PrometheusConfigSubset(file, 60_000, Labels.EMPTY, List.of(), null);
        }
        if (!(doc instanceof Map<?, ?> root)) {
            throw new SuiteException(ErrorKind.BAD_DATA, "invalid configuration file [file=" + file + ", error=not a mapping]");
        }
        long interval = 60_000;
        Labels ext = Labels.EMPTY;
        if (root.get("global") instanceof Map<?, ?> g) {
            if (g.get("evaluation_interval") != null) {
                interval = Durations.parse(String.valueOf(g.get("evaluation_interval")));
            }
            if (g.get("external_labels") instanceof Map<?, ?> el) {
                Labels.Builder b = Labels.builder();
                el.forEach((k, v) -> b.set(String.valueOf(k), v == null ? "" : String.valueOf(v)));
                ext = b.build();
            }
        }
        List<String> rules = new ArrayList<>();
        if (root.get("rule_files") instanceof List<?> rf) {
            rf.forEach(o -> rules.add(String.valueOf(o)));
        }
        Map<String, Object> alerting = root.get("alerting") instanceof Map<?, ?> a ? (Map<String, Object>) a : null;
        return new PrometheusConfigSubset(file, interval, ext, List.copyOf(rules), alerting);
    }

    Path baseDir() {
        return file == null ? null : file.toAbsolutePath().getParent();
    }
}
