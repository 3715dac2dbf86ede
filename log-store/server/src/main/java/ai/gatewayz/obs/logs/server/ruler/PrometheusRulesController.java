package ai.gatewayz.obs.logs.server.ruler;

import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.logs.ruler.LogRuler;
import ai.gatewayz.obs.logs.ruler.RulerErrors;
import ai.gatewayz.obs.rules.PrometheusRulesJson;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
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
        PrometheusRulesJson.Filter f = PrometheusRulesJson.Filter.of(params);
        return PrometheusRulesJson.success(PrometheusRulesJson.rules(ruler.groups(t), f));
    }

    @GetMapping(path = "/prometheus/api/v1/alerts", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> alerts(HttpServletRequest req) {
        return PrometheusRulesJson.success(PrometheusRulesJson.alerts(ruler.groups(tenant(req))));
    }


}
