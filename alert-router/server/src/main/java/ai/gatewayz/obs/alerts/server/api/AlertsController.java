package ai.gatewayz.obs.alerts.server.api;

import ai.gatewayz.obs.alerts.AlertErrors;
import ai.gatewayz.obs.alerts.AlertRouter;
import ai.gatewayz.obs.alerts.AlertLimits;
import ai.gatewayz.obs.alerts.PostOutcome;
import ai.gatewayz.obs.alerts.PostableAlert;
import ai.gatewayz.obs.alerts.server.wiring.AlertRouterProperties;
import ai.gatewayz.obs.alerts.server.wiring.IngestLimits;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import ai.gatewayz.obs.common.CommonErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /api/v2/alerts} and {@code /api/v2/alerts/groups}. A post is checked against
 * {@link IngestLimits} in the order a flood is cheapest to stop: declared length, read length,
 * content type, alert count; then per alert (sizes, validity) and against the store's capacity.
 */
@RestController
public class AlertsController {
    /** How many alert errors one response lists; a post of a thousand bad alerts names the first ones. */
    private static final int MAX_LISTED_ERRORS = 20;

    private final AlertRouter router;
    private final ObjectMapper json;
    private final IngestLimits limits;
    private final AlertLimits alertLimits;

    public AlertsController(AlertRouter router, ObjectMapper json, AlertRouterProperties properties) {
        this.router = router;
        this.json = json;
        this.limits = properties.ingestLimits();
        this.alertLimits = limits.toAlertLimits(properties.perAlertname());
    }

    @PostMapping(path = "/api/v2/alerts", consumes = MediaType.ALL_VALUE)
    public ResponseEntity<String> post(HttpServletRequest request) throws IOException {
        byte[] body = readBody(request);
        if (body.length == 0) {
            throw CommonErrors.malformedBody("JSON", "empty body, expected an array of alerts");
        }
        String contentType = request.getContentType();
        // Alertmanager takes only application/json; a missing type is accepted too, for curl users.
        if (contentType != null && !isJson(contentType)) {
            throw AlertErrors.notJson(contentType);
        }
        JsonNode root = json.readTree(body);
        if (!root.isArray()) {
            throw CommonErrors.malformedBody("JSON", "expected an array of alerts");
        }
        if (root.size() > limits.maxAlertsPerRequest()) {
            throw AlertErrors.tooManyInRequest(root.size(), limits.maxAlertsPerRequest());
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
        PostOutcome outcome = router.post(alerts, alertLimits);
        errors.addAll(outcome.invalid());
        if (!errors.isEmpty()) {
            errors.addAll(outcome.refused());
            throw AlertErrors.invalidAlerts(joined(errors));
        }
        if (!outcome.refused().isEmpty()) {
            throw AlertErrors.atCapacity(joined(outcome.refused()));
        }
        return ResponseEntity.ok().build();
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        long max = limits.maxRequestSize().toBytes();
        long declared = request.getContentLengthLong();
        if (declared > max) {
            throw CommonErrors.payloadTooLarge(declared, max);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (b.length > max) {
                throw CommonErrors.payloadTooLarge(b.length, max);
            }
            return b;
        }
    }

    private static boolean isJson(String contentType) {
        try {
            MediaType t = MediaType.parseMediaType(contentType);
            return t.isCompatibleWith(MediaType.APPLICATION_JSON) && !t.isWildcardType();
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return false;
        }
    }

    private static String joined(List<String> errors) {
        if (errors.size() <= MAX_LISTED_ERRORS) {
            return String.join("; ", errors);
        }
        return String.join("; ", errors.subList(0, MAX_LISTED_ERRORS)) + "; and " + (errors.size() - MAX_LISTED_ERRORS) + " more";
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
