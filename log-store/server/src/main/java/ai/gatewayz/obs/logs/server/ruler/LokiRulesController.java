package ai.gatewayz.obs.logs.server.ruler;

import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.logs.ruler.LogRuler;
import ai.gatewayz.obs.logs.ruler.RulerErrors;
import ai.gatewayz.obs.rules.RuleFileWriter;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Loki's ruler API (the Cortex ruler API under {@code /loki/api/v1/rules}, also at the legacy
 * {@code /api/prom/rules}): list all namespaces, one namespace, one group (YAML), create or replace a
 * group of a namespace from its YAML, delete a namespace or a group (202 with Loki's JSON). The tenant
 * is {@code X-Scope-OrgID}. Errors are plain text with Loki's messages ({@link RulerApiErrors}).
 */
@RestController
public class LokiRulesController {
    static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    static final String ACCEPTED = "{\"status\":\"success\",\"data\":null,\"errorType\":\"\",\"error\":\"\"}";

    private final LogRuler ruler;
    private final RulerSettings settings;

    public LokiRulesController(LogRuler ruler, RulerSettings settings) {
        this.ruler = ruler;
        this.settings = settings;
    }

    private String tenant(HttpServletRequest req) {
        if (!settings.enableApi()) {
            throw RulerErrors.apiDisabled();
        }
        return Tenants.resolve(req);
    }

    @GetMapping(path = {"/loki/api/v1/rules", "/api/prom/rules"})
    public ResponseEntity<String> list(HttpServletRequest req) {
        SortedMap<String, List<RuleGroupSpec>> all = ruler.rules(tenant(req));
        if (all.isEmpty()) {
            throw RulerErrors.noRuleGroups();
        }
        return yaml(RuleFileWriter.namespaces(all, ruler.defaultIntervalMs()));
    }

    @GetMapping(path = {"/loki/api/v1/rules/{namespace}", "/api/prom/rules/{namespace}"})
    public ResponseEntity<String> namespace(HttpServletRequest req, @PathVariable String namespace) {
        String t = tenant(req);
        List<RuleGroupSpec> gs = ruler.namespace(t, namespace).orElseThrow(RulerErrors::noRuleGroups);
        SortedMap<String, List<RuleGroupSpec>> one = new TreeMap<>();
        one.put(namespace, gs);
        return yaml(RuleFileWriter.namespaces(one, ruler.defaultIntervalMs()));
    }

    @GetMapping(path = {"/loki/api/v1/rules/{namespace}/{group}", "/api/prom/rules/{namespace}/{group}"})
    public ResponseEntity<String> group(HttpServletRequest req, @PathVariable String namespace, @PathVariable String group) {
        RuleGroupSpec g = ruler.group(tenant(req), namespace, group);
        return yaml(RuleFileWriter.groupYaml(g, ruler.defaultIntervalMs()));
    }

    @PostMapping(path = {"/loki/api/v1/rules/{namespace}", "/api/prom/rules/{namespace}"})
    public ResponseEntity<String> set(HttpServletRequest req, @PathVariable String namespace,
            @RequestBody(required = false) String body) {
        ruler.setGroup(tenant(req), namespace, body == null ? "" : body);
        return accepted();
    }

    @DeleteMapping(path = {"/loki/api/v1/rules/{namespace}", "/api/prom/rules/{namespace}"})
    public ResponseEntity<String> deleteNamespace(HttpServletRequest req, @PathVariable String namespace) {
        ruler.deleteNamespace(tenant(req), namespace);
        return accepted();
    }

    @DeleteMapping(path = {"/loki/api/v1/rules/{namespace}/{group}", "/api/prom/rules/{namespace}/{group}"})
    public ResponseEntity<String> deleteGroup(HttpServletRequest req, @PathVariable String namespace,
            @PathVariable String group) {
        ruler.deleteGroup(tenant(req), namespace, group);
        return accepted();
    }

    private static ResponseEntity<String> yaml(String body) {
        return ResponseEntity.ok().contentType(YAML).body(body);
    }

    private static ResponseEntity<String> accepted() {
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON).body(ACCEPTED);
    }
}
