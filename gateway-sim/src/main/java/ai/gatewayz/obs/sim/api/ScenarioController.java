package ai.gatewayz.obs.sim.api;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.sim.scenario.GroundTruth;
import ai.gatewayz.obs.sim.scenario.ScenarioEngine;
import ai.gatewayz.obs.sim.scenario.ScenarioKind;
import ai.gatewayz.obs.sim.scenario.ScenarioSpec;
import ai.gatewayz.obs.sim.telemetry.LogEmitter;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fault injection over HTTP: {@code POST /sim/scenarios} schedules one (JSON: {@code kind},
 * {@code provider}, {@code model}, {@code user}, {@code cache_layer}, {@code factor},
 * {@code start_after_seconds}, {@code duration_seconds}), {@code GET /sim/scenarios} lists the
 * ground truth of every scenario, {@code DELETE /sim/scenarios/{id}} ends one now,
 * {@code GET /sim/scenarios/kinds} lists the kinds. Bad input gets the suite's 400 envelope.
 */
@RestController
public class ScenarioController {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ScenarioEngine engine;
    private final Clock clock;
    private final LogEmitter logs;

    public ScenarioController(ScenarioEngine engine, Clock clock, LogEmitter logs) {
        this.engine = engine;
        this.clock = clock;
        this.logs = logs;
    }

    @GetMapping("/sim/scenarios/kinds")
    public List<String> kinds() {
        return Arrays.stream(ScenarioKind.values()).map(ScenarioKind::id).toList();
    }

    @GetMapping({"/sim/scenarios", "/sim/ground-truth"})
    public List<Map<String, Object>> list() {
        return engine.groundTruth().stream().map(ScenarioController::json).toList();
    }

    @PostMapping("/sim/scenarios")
    public ResponseEntity<Map<String, Object>> add(@RequestBody(required = false) String body) {
        if (body == null || body.isBlank()) {
            throw CommonErrors.malformedBody("json", "empty body; send {\"kind\":..., \"duration_seconds\":...}");
        }
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (JacksonException e) {
            throw CommonErrors.malformedBody("json", e.getOriginalMessage());
        }
        if (!n.isObject()) {
            throw CommonErrors.malformedBody("json", "expected an object");
        }
        ScenarioSpec spec;
        try {
            spec = new ScenarioSpec(ScenarioKind.parse(text(n, "kind")), text(n, "provider"), text(n, "model"), text(n, "user"),
                text(n, "cache_layer"), num(n, "factor", 0), Duration.ofMillis((long) (num(n, "start_after_seconds", 0) * 1000)),
                Duration.ofMillis((long) (num(n, "duration_seconds", 0) * 1000)));
        } catch (IllegalArgumentException e) {
            throw CommonErrors.invalidParameter("scenario", body.length() > 200 ? body.substring(0, 200) : body, e.getMessage());
        }
        GroundTruth g;
        try {
            g = engine.add(spec, clock.instant());
        } catch (IllegalArgumentException e) {
            throw CommonErrors.invalidParameter("scenario", spec.kind().id(), e.getMessage());
        }
        if (g.kind() == ScenarioKind.ROUTING_REGRESSION) {
            logs.scenario("Deploy gatewayz-api v2.0.4 rolled out (routing table updated for " + g.model() + ")");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(json(g));
    }

    @DeleteMapping("/sim/scenarios/{id}")
    public Map<String, Object> stop(@PathVariable("id") String id) {
        return engine.stop(id, clock.instant()).map(ScenarioController::json)
            .orElseThrow(() -> CommonErrors.invalidParameter("id", id, "no such scenario"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw CommonErrors.invalidParameter(field, v.toString(), "must be a string");
        }
        return v.asString();
    }

    private static double num(JsonNode n, String field, double dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw CommonErrors.invalidParameter(field, v.toString(), "must be a number");
        }
        return v.asDouble();
    }

    static Map<String, Object> json(GroundTruth g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id());
        m.put("kind", g.kind().id());
        m.put("provider", g.provider());
        m.put("model", g.model());
        m.put("user", g.user());
        m.put("cache_layer", g.cacheLayer());
        m.put("factor", g.factor());
        m.put("start", g.start().toString());
        m.put("end", g.end().toString());
        m.put("description", g.description());
        m.put("expected_signals", g.expectedSignals());
        return m;
    }
}
