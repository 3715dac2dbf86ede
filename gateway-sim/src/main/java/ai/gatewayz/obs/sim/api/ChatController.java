package ai.gatewayz.obs.sim.api;

import ai.gatewayz.obs.sim.catalog.Model;
import ai.gatewayz.obs.sim.config.SimProperties;
import ai.gatewayz.obs.sim.core.Attempt;
import ai.gatewayz.obs.sim.core.ChatRequest;
import ai.gatewayz.obs.sim.core.Outcome;
import ai.gatewayz.obs.sim.gateway.GatewayService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAI-compatible front door: {@code POST /v1/chat/completions} (JSON or SSE streaming) and
 * {@code GET /v1/models}. Requests run through the simulated gateway; the response waits for the
 * simulated latency times {@code sim.latency-scale}, and streams emit chunks spaced like the
 * simulated stream. Errors use OpenAI's error JSON with the matching 4xx/5xx status.
 */
@RestController
public class ChatController {
    /** Request attribute carrying the emitted SERVER span, for exemplars on HTTP-layer metrics. */
    public static final String SPAN_ATTRIBUTE = "gatewayz.sim.span";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private final GatewayService service;
    private final double latencyScale;

    public ChatController(GatewayService service, SimProperties properties) {
        this.service = service;
        this.latencyScale = properties.latencyScale();
    }

    @PostMapping(path = "/v1/chat/completions")
    public ResponseEntity<?> chat(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                  HttpServletRequest http, HttpServletResponse response) throws IOException {
        String key = bearer(auth);
        ChatRequest req;
        try {
            req = ChatRequestParser.parse(readBody(http), key);
        } catch (OpenAiError e) {
            return e.toResponse();
        }
        if (key == null) {
            return OpenAiError.response(401, "You didn't provide an API key. You need to provide your API key in an Authorization header "
                + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", "invalid_request_error", null, null);
        }
        Outcome o = service.simulate(req);
        if (!o.success()) {
            sleep(o.totalMs());
            GatewayService.Emitted e = service.emit(o, false, 0, 0);
            http.setAttribute(SPAN_ATTRIBUTE, e.span());
            ResponseEntity<String> r = OpenAiError.response(o.status(), o.errorMessage(), o.errorType(), null, o.errorCode());
            return withTrace(r, e);
        }
        String content = service.work(o, Long.MAX_VALUE);
        if (!req.stream()) {
            sleep(o.totalMs());
            GatewayService.Emitted e = service.emit(o, false, 0, 0);
            http.setAttribute(SPAN_ATTRIBUTE, e.span());
            String json = JSON.writeValueAsString(completion(o, content));
            return withTrace(ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header("x-gatewayz-provider", o.provider()).body(json), e);
        }
        sleep(o.ttfcMs());
        GatewayService.Emitted e = service.emit(o, false, 0, 0);
        http.setAttribute(SPAN_ATTRIBUTE, e.span());
        // written on the request's (virtual) thread: SSE chunks paced like the simulated stream
        response.setStatus(200);
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        response.setHeader("x-gatewayz-provider", o.provider());
        if (e.traceId() != null) {
            response.setHeader("x-trace-id", e.traceId());
            response.setHeader("x-span-id", e.spanId());
        }
        stream(o, content, response.getOutputStream());
        return null;
    }

    @GetMapping(path = "/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> models() {
        List<Map<String, Object>> data = new ArrayList<>();
        for (Model m : service.simulator().catalog().models()) {
            data.add(model(m));
        }
        return Map.of("object", "list", "data", data);
    }

    @GetMapping(path = "/v1/models/{id}")
    public ResponseEntity<?> model(@PathVariable("id") String id) {
        return service.simulator().catalog().model(id).<ResponseEntity<?>>map(m -> ResponseEntity.ok(model(m)))
            .orElseGet(() -> OpenAiError.response(404, "The model '" + id + "' does not exist", "invalid_request_error", "model", "model_not_found"));
    }

    private static Map<String, Object> model(Model m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", m.id());
        o.put("object", "model");
        o.put("created", 1_717_200_000L);
        o.put("owned_by", m.ownedBy());
        o.put("canonical_slug", m.canonical());
        o.put("providers", m.providers());
        o.put("pricing", Map.of("prompt", m.inputPerMTok() / 1e6, "completion", m.outputPerMTok() / 1e6));
        return o;
    }

    private void stream(Outcome o, String content, OutputStream out) throws IOException {
        Attempt win = o.winningAttempt();
        long streamMs = win == null ? 0 : Math.max(0, win.endMs() - o.ttfcMs());
        String[] words = content.split(" ");
        int chunks = Math.max(1, Math.min(o.chunks(), words.length));
        double per = (double) streamMs / chunks;
        double owed = 0;
        long created = o.start().getEpochSecond();
        write(out, chunk(o, created, Map.of("role", "assistant", "content", ""), null, false));
        int w = 0;
        for (int c = 0; c < chunks; c++) {
            int take = (words.length - w) / (chunks - c);
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < take; k++) {
                sb.append(w + k == 0 ? "" : " ").append(words[w + k]);
            }
            w += take;
            write(out, chunk(o, created, Map.of("content", sb.toString()), null, false));
            owed += per * latencyScale;
            if (owed >= 5) {
                sleepRaw((long) owed);
                owed -= (long) owed;
            }
        }
        write(out, chunk(o, created, Map.of(), o.finishReason(), true));
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static Map<String, Object> chunk(Outcome o, long created, Map<String, Object> delta, String finish, boolean usage) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finish);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", o.id());
        c.put("object", "chat.completion.chunk");
        c.put("created", created);
        c.put("model", o.modelLabel());
        c.put("choices", List.of(choice));
        if (usage) {
            c.put("usage", usage(o));
        }
        return c;
    }

    private static void write(OutputStream out, Map<String, Object> chunk) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static Map<String, Object> completion(Outcome o, String content) {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("role", "assistant");
        msg.put("content", content);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", msg);
        choice.put("finish_reason", o.finishReason());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", o.id());
        c.put("object", "chat.completion");
        c.put("created", o.start().getEpochSecond());
        c.put("model", o.modelLabel());
        c.put("provider", o.provider());
        c.put("choices", List.of(choice));
        c.put("usage", usage(o));
        return c;
    }

    private static Map<String, Object> usage(Outcome o) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("prompt_tokens", o.inputTokens());
        u.put("completion_tokens", o.outputTokens());
        u.put("total_tokens", o.inputTokens() + o.outputTokens());
        return u;
    }

    private static <T> ResponseEntity<T> withTrace(ResponseEntity<T> r, GatewayService.Emitted e) {
        if (e.traceId() == null) {
            return r;
        }
        return ResponseEntity.status(r.getStatusCode()).headers(h -> {
            h.addAll(r.getHeaders());
            h.set("x-trace-id", e.traceId());
            h.set("x-span-id", e.spanId());
        }).body(r.getBody());
    }

    /** The raw body whatever the content type (curl -d sends form encoding), capped like a real gateway. */
    private static String readBody(HttpServletRequest http) throws IOException {
        byte[] b = http.getInputStream().readNBytes(MAX_BODY + 1);
        if (b.length > MAX_BODY) {
            throw new OpenAiError(413, "Request body too large: the limit is " + MAX_BODY + " bytes.", "invalid_request_error", null,
                "request_too_large");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    static String bearer(String auth) {
        if (auth == null) {
            return null;
        }
        String a = auth.trim();
        if (a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String k = a.substring(7).trim();
            return k.isEmpty() ? null : k;
        }
        return a.isEmpty() ? null : a;
    }

    private void sleep(long simulatedMs) {
        sleepRaw((long) (simulatedMs * latencyScale));
    }

    private static void sleepRaw(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
