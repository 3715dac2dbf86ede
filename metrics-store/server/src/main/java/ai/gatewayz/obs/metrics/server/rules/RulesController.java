package ai.gatewayz.obs.metrics.server.rules;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.rules.PrometheusRulesJson;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Prometheus's rule and alert read API ({@code /api/v1/rules}, {@code /api/v1/alerts}, also under
 * the Mimir prefix {@code /prometheus}) and the reload endpoint ({@code POST|PUT /-/reload}).
 * Filters of /api/v1/rules: {@code type}, {@code rule_name[]}, {@code rule_group[]}, {@code file[]}
 * (and their un-bracketed Mimir spellings), {@code exclude_alerts}.
 */
@RestController
public class RulesController {
    private final RulesService rules;

    public RulesController(RulesService rules) {
        this.rules = rules;
    }

    @GetMapping(path = {"/api/v1/rules", "/prometheus/api/v1/rules"}, produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> rules(@RequestParam org.springframework.util.MultiValueMap<String, String> params) {
        String type = params.getFirst("type");
        if (type != null && !type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
            throw new SuiteException(ErrorKind.BAD_DATA, "invalid query parameter [name=type, value=" + type
                    + ", reason=must be 'alert' or 'record']");
        }
        String exclude = params.getFirst("exclude_alerts");
        if (exclude != null && !exclude.isEmpty() && !exclude.equals("true") && !exclude.equals("false")) {
            throw new SuiteException(ErrorKind.BAD_DATA, "invalid query parameter [name=exclude_alerts, value="
                    + exclude + ", reason=must be true or false]");
        }
        PrometheusRulesJson.Filter f = new PrometheusRulesJson.Filter(type == null || type.isEmpty() ? null : type,
                values(params, "rule_name"), values(params, "rule_group"), values(params, "file"), "true".equals(exclude));
        return success(PrometheusRulesJson.rules(rules.groups(), f));
    }

    @GetMapping(path = {"/api/v1/alerts", "/prometheus/api/v1/alerts"}, produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> alerts() {
        return success(PrometheusRulesJson.alerts(rules.groups()));
    }

    /** Reloads the configuration file and rules; 500 with the errors when invalid (old rules stay). */
    @RequestMapping(path = "/-/reload", method = {RequestMethod.POST, RequestMethod.PUT})
    public org.springframework.http.ResponseEntity<String> reload() {
        try {
            rules.reload();
            return org.springframework.http.ResponseEntity.ok("");
        } catch (RuntimeException e) {
            return org.springframework.http.ResponseEntity.internalServerError()
                    .contentType(MediaType.TEXT_PLAIN)
                    .body("failed to reload config: " + e.getMessage() + "\n");
        }
    }

    private static Set<String> values(org.springframework.util.MultiValueMap<String, String> p, String name) {
        Set<String> s = new LinkedHashSet<>();
        for (String k : List.of(name, name + "[]")) {
            List<String> v = p.get(k);
            if (v != null) {
                v.stream().filter(x -> !x.isEmpty()).forEach(s::add);
            }
        }
        return s;
    }

    private static Map<String, Object> success(Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "success");
        m.put("data", data);
        return m;
    }
}
