package ai.gatewayz.obs.traces.server.ingest;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.StatusTable;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.traces.otlp.ExportResult;
import ai.gatewayz.obs.traces.otlp.IngestRefused;
import ai.gatewayz.obs.traces.otlp.OtlpDecoder;
import ai.gatewayz.obs.traces.otlp.OtlpJson;
import ai.gatewayz.obs.traces.otlp.OtlpReceiver;
import ai.gatewayz.obs.traces.server.storage.TraceStoreProperties;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
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
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        boolean json = type.startsWith(JSON);
        try {
            if (!json && !type.startsWith(PROTOBUF) && !type.startsWith("application/protobuf")) {
                throw CommonErrors.unsupportedMediaType(request.getContentType());
            }
            String tenant = Tenants.resolve(request);
            byte[] body = readBody(request);
            ExportTraceServiceRequest req = json ? OtlpJson.parseRequest(new String(body, StandardCharsets.UTF_8))
                    : OtlpDecoder.parse(body);
            ExportResult result = receiver.export(tenant, req, body.length);
            return json ? ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, JSON)
                    .body(OtlpJson.print(result.toResponse()).getBytes(StandardCharsets.UTF_8))
                    : ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, PROTOBUF).body(result.toResponse().toByteArray());
        } catch (SuiteException e) {
            return error(e, json);
        }
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBody) {
            throw CommonErrors.payloadTooLarge(declared, maxBody);
        }
        byte[] raw;
        try (InputStream in = request.getInputStream()) {
            raw = readLimited(in);
        }
        String enc = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (enc == null || enc.isBlank() || enc.equalsIgnoreCase("identity")) {
            return raw;
        }
        if (!enc.equalsIgnoreCase("gzip")) {
            throw new SuiteException(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "unsupported content encoding [content-encoding=" + enc + "]");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return readLimited(in);
        } catch (ZipException | java.io.EOFException e) {
            throw new SuiteException(ErrorKind.BAD_DATA, "cannot decompress gzip body [error=" + e.getMessage() + "]");
        }
    }

    private byte[] readLimited(InputStream in) throws IOException {
        byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
        if (b.length > maxBody) {
            throw CommonErrors.payloadTooLarge(b.length, maxBody);
        }
        return b;
    }

    private static ResponseEntity<byte[]> error(SuiteException e, boolean json) {
        int status = StatusTable.status(e.kind());
        int code = RpcStatus.code(e.kind());
        ResponseEntity.BodyBuilder b = ResponseEntity.status(status);
        if (status == 429 || status == 503) {
            b.header(HttpHeaders.RETRY_AFTER, Long.toString(e instanceof IngestRefused r ? r.retryAfterSeconds() : 1));
        }
        return json ? b.header(HttpHeaders.CONTENT_TYPE, JSON).body(RpcStatus.json(code, e.getMessage()).getBytes(StandardCharsets.UTF_8))
                : b.header(HttpHeaders.CONTENT_TYPE, PROTOBUF).body(RpcStatus.protobuf(code, e.getMessage()));
    }
}
