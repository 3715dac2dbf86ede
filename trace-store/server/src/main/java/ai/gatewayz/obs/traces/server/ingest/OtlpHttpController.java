package ai.gatewayz.obs.traces.server.ingest;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.StatusTable;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.otlp.OtlpBody;
import ai.gatewayz.obs.otlp.OtlpEncoding;
import ai.gatewayz.obs.otlp.OtlpJson;
import ai.gatewayz.obs.otlp.RpcStatus;
import ai.gatewayz.obs.traces.otlp.ExportResult;
import ai.gatewayz.obs.traces.otlp.IngestRefused;
import ai.gatewayz.obs.traces.otlp.OtlpDecoder;
import ai.gatewayz.obs.traces.otlp.OtlpReceiver;
import ai.gatewayz.obs.traces.server.storage.TraceStoreProperties;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OTLP/HTTP traces (wire-protocols.md §4): {@code POST /v1/traces} with protobuf or JSON, dispatched
 * by Content-Type, optionally gzip. 200 with an {@code ExportTraceServiceResponse} (partial success
 * when spans were rejected), 400 for undecodable bodies, 413 above the size limit, 415 for unknown
 * types, 429/503 with Retry-After for overload; errors carry a {@code google.rpc.Status} in the
 * request's encoding. Served on the main port and on the OTLP HTTP port.
 */
@RestController
public class OtlpHttpController {
    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    private final OtlpReceiver receiver;
    private final long maxBody;

    public OtlpHttpController(OtlpReceiver receiver, TraceStoreProperties props) {
        this.receiver = receiver;
        this.maxBody = props.maxBody().toBytes();
    }

    @PostMapping("/v1/traces")
    public ResponseEntity<byte[]> export(HttpServletRequest request) throws IOException {
        OtlpEncoding encoding = OtlpEncoding.PROTOBUF;
        try {
            encoding = OtlpEncoding.of(request.getContentType());
            boolean json = encoding == OtlpEncoding.JSON;
            String tenant = Tenants.resolve(request);
            byte[] body;
            try (InputStream in = request.getInputStream()) {
                body = OtlpBody.read(request.getContentType(), request.getHeader(HttpHeaders.CONTENT_ENCODING),
                        request.getContentLengthLong(), in, maxBody).bytes();
            }
            ExportTraceServiceRequest req = json ? OtlpDecoder.parseJson(new String(body, StandardCharsets.UTF_8))
                    : OtlpDecoder.parse(body);
            ExportResult result = receiver.export(tenant, req, body.length);
            return json ? ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, JSON)
                    .body(OtlpJson.print(result.toResponse()).getBytes(StandardCharsets.UTF_8))
                    : ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, PROTOBUF).body(result.toResponse().toByteArray());
        } catch (SuiteException e) {
            return error(e, encoding);
        }
    }

    private static ResponseEntity<byte[]> error(SuiteException e, OtlpEncoding encoding) {
        int status = StatusTable.status(e.kind());
        ResponseEntity.BodyBuilder b = ResponseEntity.status(status).header(HttpHeaders.CONTENT_TYPE, encoding.contentType());
        if (status == 429 || status == 503) {
            b.header(HttpHeaders.RETRY_AFTER, Long.toString(e instanceof IngestRefused r ? r.retryAfterSeconds() : 1));
        }
        return b.body(RpcStatus.body(encoding, e.kind(), e.getMessage()));
    }
}
