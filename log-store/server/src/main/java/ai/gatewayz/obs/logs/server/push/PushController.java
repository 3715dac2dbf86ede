package ai.gatewayz.obs.logs.server.push;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.StatusTable;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.logs.ingest.IngestErrors;
import ai.gatewayz.obs.logs.ingest.PushReceiver;
import ai.gatewayz.obs.logs.ingest.PushResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Loki push (wire-protocols.md §3) at {@code /loki/api/v1/push} (JSON or snappy protobuf, chosen by
 * Content-Type) and the legacy {@code /api/prom/push} (v0 JSON). Success is exactly 204 with an empty
 * body; rejections answer in plain text as Loki does: 400 (valid entries kept), 413, 415, 429 (with
 * Retry-After), 503 on storage faults (clients retry). The raw body is read here, never through a
 * message converter.
 */
@RestController
@EnableConfigurationProperties(PushProperties.class)
public class PushController {
    private final PushReceiver receiver;
    private final long maxBody;
    private final Counter entriesIn;
    private final Counter rejectedEntries;

    public PushController(PushReceiver receiver, PushProperties props, MeterRegistry meters) {
        this.receiver = receiver;
        this.maxBody = props.maxBodySize().toBytes();
        this.entriesIn = meters.counter("log_store_push_entries_total");
        this.rejectedEntries = meters.counter("log_store_push_rejected_entries_total");
    }

    @PostMapping("/loki/api/v1/push")
    public ResponseEntity<String> push(HttpServletRequest request) throws IOException {
        return handle(request, false);
    }

    @PostMapping("/api/prom/push")
    public ResponseEntity<String> legacyPush(HttpServletRequest request) throws IOException {
        return handle(request, true);
    }

    private ResponseEntity<String> handle(HttpServletRequest request, boolean legacy) throws IOException {
        PushResult r;
        try {
            String tenant = Tenants.resolve(request);
            byte[] body = readBody(request);
            r = receiver.push(tenant, request.getContentType(), request.getHeader(HttpHeaders.CONTENT_ENCODING), body, legacy);
        } catch (SuiteException e) {
            return text(StatusTable.status(e.kind()), e.getMessage());
        }
        entriesIn.increment(r.accepted());
        rejectedEntries.increment(r.rejected());
        if (r.ok()) {
            return ResponseEntity.noContent().build();
        }
        return text(r.status(), r.message());
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBody) {
            throw IngestErrors.tooLarge(declared, maxBody);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
            if (b.length > maxBody) {
                throw IngestErrors.tooLarge(b.length, maxBody);
            }
            return b;
        }
    }

    private static ResponseEntity<String> text(int status, String message) {
        ResponseEntity.BodyBuilder b = ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN);
        if (status == 429) {
            b.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return b.body(message + "\n");
    }
}
