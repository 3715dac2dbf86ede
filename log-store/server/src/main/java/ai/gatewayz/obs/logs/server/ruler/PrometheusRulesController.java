package ai.gatewayz.obs.logs.server.ruler;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.logs.ruler.LogRuler;
import ai.gatewayz.obs.logs.ruler.RulerErrors;
import ai.gatewayz.obs.rules.PrometheusRulesJson;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ruler's state in Prometheus's JSON, where Loki serves it and Grafana's alerting UI reads it for a
 * Loki datasource: {@code /prometheus/api/v1/rules} (filters {@code type}, {@code rule_name[]},
 * {@code rule_group[]}, {@code file[]} with their Mimir spellings, {@code exclude_alerts}) and
 * {@code /prometheus/api/v1/alerts}, per tenant. Errors use the suite's JSON envelope.
 */
@RestController
public class PrometheusRulesController {
    private final LogRuler ruler;
    private final RulerSettings settings;

    public PrometheusRulesController(LogRuler ruler, RulerSettings settings) {
        this.ruler = ruler;
        this.settings = settings;
    }

    private String tenant(HttpServletRequest req) {
        if (!settings.enableApi()) {
            throw RulerErrors.apiDisabled();
        }
        return Tenants.resolve(req);
    }

    @GetMapping(path = "/prometheus/api/v1/rules", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> rules(HttpServletRequest req, @RequestParam MultiValueMap<String, String> params) {
        String t = tenant(req);
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
        return success(PrometheusRulesJson.rules(ruler.groups(t), f));
    }

    @GetMapping(path = "/prometheus/api/v1/alerts", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> alerts(HttpServletRequest req) {
        return success(PrometheusRulesJson.alerts(ruler.groups(tenant(req))));
    }

    private static Set<String> values(MultiValueMap<String, String> p, String name) {
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
