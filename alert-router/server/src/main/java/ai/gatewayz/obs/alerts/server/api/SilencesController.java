package ai.gatewayz.obs.alerts.server.api;

import ai.gatewayz.obs.alerts.AlertRouter;
import ai.gatewayz.obs.alerts.silence.Silence;
import ai.gatewayz.obs.alerts.silence.SilenceMatcher;
import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.SuiteException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v2/silences} (list, create, update-as-replace) and {@code /api/v2/silence/{id}}. */
@RestController
public class SilencesController {
    private final AlertRouter router;
    private final ObjectMapper json;

    public SilencesController(AlertRouter router, ObjectMapper json) {
        this.router = router;
        this.json = json;
    }

    @GetMapping(path = "/api/v2/silences", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Map<String, Object>> list(@RequestParam(required = false) List<String> filter) {
        long now = router.clock().millis();
        return router.listSilences(ApiJson.filter(filter)).stream().map(s -> ApiJson.silence(s, now)).toList();
    }

    @PostMapping(path = "/api/v2/silences", consumes = MediaType.ALL_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, String> create(@RequestBody(required = false) byte[] body) {
        if (body == null || body.length == 0) {
            throw CommonErrors.malformedBody("JSON", "empty body, expected a silence");
        }
        JsonNode n = json.readTree(body);
        if (!n.isObject()) {
            throw CommonErrors.malformedBody("JSON", "expected a silence object");
        }
        String id = optText(n, "id");
        JsonNode ms = n.get("matchers");
        if (ms == null || !ms.isArray()) {
            throw required("matchers");
        }
        List<SilenceMatcher> matchers = new ArrayList<>();
        int i = 0;
        for (JsonNode m : ms) {
            if (!m.isObject()) {
                throw CommonErrors.malformedBody("JSON", "matchers." + i + " is not an object");
            }
            String name = reqText(m, "name", "matchers." + i + ".name");
            String value = reqText(m, "value", "matchers." + i + ".value");
            JsonNode re = m.get("isRegex");
            if (re == null || !re.isBoolean()) {
                throw required("matchers." + i + ".isRegex");
            }
            JsonNode eq = m.get("isEqual");
            matchers.add(new SilenceMatcher(name, value, re.booleanValue(), eq == null || eq.isNull() || eq.booleanValue()));
            i++;
        }
        Long starts = ApiJson.parseTime("startsAt", reqText(n, "startsAt", "startsAt"));
        Long ends = ApiJson.parseTime("endsAt", reqText(n, "endsAt", "endsAt"));
        if (starts == null) {
            throw required("startsAt");
        }
        if (ends == null) {
            throw required("endsAt");
        }
        String createdBy = reqText(n, "createdBy", "createdBy");
        String comment = reqText(n, "comment", "comment");
        if (id != null && !id.isEmpty()) {
            ApiJson.requireUuid(id);
        }
        String newId = router.silences().set(new Silence(id, matchers, starts, ends, 0, createdBy, comment));
        return Map.of("silenceID", newId);
    }

    private static SuiteException required(String field) {
        return CommonErrors.invalidParameter(field, "", field + " in body is required");
    }

    private static String optText(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static String reqText(JsonNode n, String f, String path) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) {
            throw required(path);
        }
        if (!v.isString()) {
            throw CommonErrors.invalidParameter(path, v.toString(), "%s must be a string");
        }
        return v.stringValue();
    }

    @GetMapping(path = "/api/v2/silence/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> get(@PathVariable String id) {
        ApiJson.requireUuid(id);
        return ApiJson.silence(router.silences().get(id), router.clock().millis());
    }

    @DeleteMapping(path = "/api/v2/silence/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        ApiJson.requireUuid(id);
        router.silences().expire(id);
        return ResponseEntity.ok().build();
    }
}
