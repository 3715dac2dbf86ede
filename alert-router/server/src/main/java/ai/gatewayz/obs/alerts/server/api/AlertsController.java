package ai.gatewayz.obs.alerts.server.api;

import ai.gatewayz.obs.alerts.AlertErrors;
import ai.gatewayz.obs.alerts.AlertRouter;
import ai.gatewayz.obs.alerts.PostableAlert;
import ai.gatewayz.obs.common.CommonErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v2/alerts} and {@code /api/v2/alerts/groups}. */
@RestController
public class AlertsController {
    private final AlertRouter router;
    private final ObjectMapper json;

    public AlertsController(AlertRouter router, ObjectMapper json) {
        this.router = router;
        this.json = json;
    }

    @PostMapping(path = "/api/v2/alerts", consumes = MediaType.ALL_VALUE)
    public ResponseEntity<String> post(@RequestBody(required = false) byte[] body) {
        if (body == null || body.length == 0) {
            throw CommonErrors.malformedBody("JSON", "empty body, expected an array of alerts");
        }
        JsonNode root = json.readTree(body);
        if (!root.isArray()) {
            throw CommonErrors.malformedBody("JSON", "expected an array of alerts");
        }
        List<PostableAlert> alerts = new ArrayList<>(root.size());
        List<String> errors = new ArrayList<>();
        int i = 0;
        for (JsonNode a : root) {
            try {
                alerts.add(parse(a, i));
            } catch (ai.gatewayz.obs.common.SuiteException e) {
                errors.add(e.getMessage());
            }
            i++;
        }
        errors.addAll(router.post(alerts));
        if (!errors.isEmpty()) {
            throw AlertErrors.invalidAlerts(String.join("; ", errors));
        }
        return ResponseEntity.ok().build();
    }

    private static PostableAlert parse(JsonNode a, int i) {
        if (!a.isObject()) {
            throw CommonErrors.malformedBody("JSON", "alert " + i + " is not an object");
        }
        JsonNode labels = a.get("labels");
        if (labels == null || labels.isNull()) {
            throw CommonErrors.invalidParameter("labels", "", "alert " + i + ": labels in body is required");
        }
        Map<String, String> l = stringMap(labels, "labels", i);
        Map<String, String> ann = a.has("annotations") && !a.get("annotations").isNull() ? stringMap(a.get("annotations"), "annotations", i) : Map.of();
        Long starts = ApiJson.parseTime("startsAt", text(a, "startsAt", i));
        Long ends = ApiJson.parseTime("endsAt", text(a, "endsAt", i));
        return new PostableAlert(l, ann, starts, ends, text(a, "generatorURL", i));
    }

    private static String text(JsonNode a, String field, int i) {
        JsonNode n = a.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            throw CommonErrors.invalidParameter(field, n.toString(), "alert " + i + ": %s is not a string");
        }
        return n.stringValue();
    }

    private static Map<String, String> stringMap(JsonNode n, String field, int i) {
        if (!n.isObject()) {
            throw CommonErrors.invalidParameter(field, n.toString(), "alert " + i + ": %s is not an object");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getValue().isString()) {
                throw CommonErrors.invalidParameter(field + "." + e.getKey(), e.getValue().toString(), "alert " + i + ": %s is not a string");
            }
            m.put(e.getKey(), e.getValue().stringValue());
        }
        return m;
    }

    @GetMapping(path = "/api/v2/alerts", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Map<String, Object>> list(@RequestParam(required = false) String active,
                                          @RequestParam(required = false) String silenced,
                                          @RequestParam(required = false) String inhibited,
                                          @RequestParam(required = false) String unprocessed,
                                          @RequestParam(required = false) List<String> filter,
                                          @RequestParam(required = false) String receiver) {
        ApiJson.bool("unprocessed", unprocessed, true);
        return router.alerts(ApiJson.bool("active", active, true), ApiJson.bool("silenced", silenced, true),
                        ApiJson.bool("inhibited", inhibited, true), ApiJson.filter(filter), ApiJson.receiver(receiver))
                .stream().map(ApiJson::gettableAlert).toList();
    }

    @GetMapping(path = "/api/v2/alerts/groups", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Map<String, Object>> groups(@RequestParam(required = false) String active,
                                            @RequestParam(required = false) String silenced,
                                            @RequestParam(required = false) String inhibited,
                                            @RequestParam(required = false) List<String> filter,
                                            @RequestParam(required = false) String receiver) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AlertRouter.GroupStatus g : router.groups(ApiJson.bool("active", active, true), ApiJson.bool("silenced", silenced, true),
                ApiJson.bool("inhibited", inhibited, true), ApiJson.filter(filter), ApiJson.receiver(receiver))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("alerts", g.alerts().stream().map(ApiJson::gettableAlert).toList());
            m.put("labels", ApiJson.labels(g.labels()));
            m.put("receiver", Map.of("name", g.receiver()));
            out.add(m);
        }
        return out;
    }
}
