package ai.gatewayz.obs.traces.server.api;

import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.otlp.OtlpEncoder;
import ai.gatewayz.obs.otlp.OtlpJson;
import ai.gatewayz.obs.traces.storage.TraceQuerier;
import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.trace.v1.TracesData;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Trace by id (grafana-datasources.md §3.2). v2 wraps OTLP {@code TracesData} as field 1 of
 * {@code TraceByIDResponse}; v1 is bare {@code TracesData}. Protobuf when the Accept header asks
 * for {@code application/protobuf}, JSON (hex ids) otherwise. Short ids are left-padded. 404 when
 * the trace is unknown on both versions.
 */
@RestController
public class TraceByIdController {
    static final String PROTOBUF = "application/protobuf";

    private final TraceQuerier querier;

    public TraceByIdController(TraceQuerier querier) {
        this.querier = querier;
    }

    @GetMapping("/api/v2/traces/{id}")
    public ResponseEntity<byte[]> v2(@PathVariable String id, @RequestParam(required = false) String start,
            @RequestParam(required = false) String end, HttpServletRequest req) {
        TracesData data = find(id, start, end, req);
        if (wantsProtobuf(req)) {
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, PROTOBUF).body(envelope(data));
        }
        String json = "{\"trace\":" + OtlpJson.print(data) + "}";
        return jsonBody(json);
    }

    @GetMapping("/api/traces/{id}")
    public ResponseEntity<byte[]> v1(@PathVariable String id, @RequestParam(required = false) String start,
            @RequestParam(required = false) String end, HttpServletRequest req) {
        TracesData data = find(id, start, end, req);
        if (wantsProtobuf(req)) {
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, PROTOBUF).body(data.toByteArray());
        }
        // Tempo's v1 JSON names the resource spans "batches".
        String json = OtlpJson.print(data).replaceFirst("^\\{\"resourceSpans\":", "{\"batches\":");
        return jsonBody(json);
    }

    private TracesData find(String id, String start, String end, HttpServletRequest req) {
        TraceId traceId = TraceId.parseHex(id);
        if (traceId == null) {
            throw TempoErrors.invalidTraceId(id);
        }
        TimeRange range = TimeRange.parse(start, end);
        List<Span> spans = querier.trace(Tenants.resolve(req), traceId, range.startNanos(), range.endNanos());
        if (spans.isEmpty()) {
            throw TempoErrors.traceNotFound(id);
        }
        return OtlpEncoder.encode(spans);
    }

    static boolean wantsProtobuf(HttpServletRequest req) {
        String accept = req.getHeader(HttpHeaders.ACCEPT);
        return accept != null && (accept.contains(PROTOBUF) || accept.contains("application/x-protobuf"));
    }

    private static ResponseEntity<byte[]> jsonBody(String json) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, "application/json").body(json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code TraceByIDResponse}: field 1 trace; status (3) left unset = COMPLETE. */
    static byte[] envelope(TracesData data) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(bos);
            out.writeMessage(1, data);
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bos.toByteArray();
    }
}
