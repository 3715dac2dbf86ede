package ai.gatewayz.obs.metrics.server.rules;

import ai.gatewayz.obs.rules.PrometheusRulesJson;
import java.util.Map;
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
        PrometheusRulesJson.Filter f = PrometheusRulesJson.Filter.of(params);
        return PrometheusRulesJson.success(PrometheusRulesJson.rules(rules.groups(), f));
    }

    @GetMapping(path = {"/api/v1/alerts", "/prometheus/api/v1/alerts"}, produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> alerts() {
        return PrometheusRulesJson.success(PrometheusRulesJson.alerts(rules.groups()));
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


}
