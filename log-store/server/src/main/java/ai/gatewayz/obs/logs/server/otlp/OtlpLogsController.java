package ai.gatewayz.obs.logs.server.otlp;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.StatusTable;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.logs.ingest.PushReceiver;
import ai.gatewayz.obs.logs.ingest.PushResult;
import ai.gatewayz.obs.logs.otlp.OtlpLogMapping;
import ai.gatewayz.obs.logs.otlp.OtlpLogsDecoder;
import ai.gatewayz.obs.logs.server.push.PushProperties;
import ai.gatewayz.obs.otlp.OtlpBody;
import ai.gatewayz.obs.otlp.OtlpEncoding;
import ai.gatewayz.obs.otlp.OtlpJson;
import ai.gatewayz.obs.otlp.RpcStatus;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OTLP/HTTP logs at Loki's path {@code POST /otlp/v1/logs} (protobuf or JSON by Content-Type,
 * optionally gzip), mapped to streams as Loki 3 maps them ({@link OtlpLogMapping}) and stored through
 * the same receiver, limits and WAL commit as a Loki push. Answers 200 with an
 * {@code ExportLogsServiceResponse} (with {@code partial_success} when some records were rejected),
 * or a {@code google.rpc.Status} in the request's encoding: 400 when nothing could be stored, 413,
 * 415, 429/503 with Retry-After so exporters retry.
 */
@RestController
public class OtlpLogsController {
    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    private final PushReceiver receiver;
    private final long maxBody;
    private final long maxDecoded;
    private final Clock clock;
    private final Counter records;

    public OtlpLogsController(PushReceiver receiver, PushProperties props, MeterRegistry meters, ObjectProvider<Clock> clock) {
        this.receiver = receiver;
        this.maxBody = props.maxBodySize().toBytes();
        this.maxDecoded = props.maxDecodedSize().toBytes();
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.records = meters.counter("log_store_otlp_records_total");
    }

    @PostMapping("/otlp/v1/logs")
    public ResponseEntity<byte[]> export(HttpServletRequest request) throws IOException {
        OtlpEncoding encoding = OtlpEncoding.PROTOBUF;
        try {
            encoding = OtlpEncoding.of(request.getContentType());
            String tenant = Tenants.resolve(request);
            OtlpBody body;
            try (InputStream in = request.getInputStream()) {
                body = OtlpBody.read(request.getContentType(), request.getHeader(HttpHeaders.CONTENT_ENCODING),
                        request.getContentLengthLong(), in, maxBody, maxDecoded);
            }
            boolean json = encoding == OtlpEncoding.JSON;
            ExportLogsServiceRequest req = json ? OtlpLogsDecoder.json(new String(body.bytes(), StandardCharsets.UTF_8))
                    : OtlpLogsDecoder.protobuf(body.bytes());
            PushResult r = receiver.store(tenant, OtlpLogMapping.streams(req, clock.millis() * 1_000_000L));
            records.increment(r.accepted());
            if (r.ok()) {
                return answer(ExportLogsServiceResponse.getDefaultInstance(), json);
            }
            if (r.status() == 429) {
                throw new SuiteException(ErrorKind.TOO_MANY_REQUESTS, r.message());
            }
            if (r.accepted() == 0) {
                throw new SuiteException(ErrorKind.BAD_DATA, r.message());
            }
            return answer(ExportLogsServiceResponse.newBuilder().setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(r.rejected()).setErrorMessage(r.message())).build(), json);
        } catch (SuiteException e) {
            return error(e, encoding);
        }
    }

    private static ResponseEntity<byte[]> answer(ExportLogsServiceResponse resp, boolean json) {
        if (!json) {
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, PROTOBUF).body(resp.toByteArray());
        }
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, JSON).body(OtlpJson.print(resp).getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseEntity<byte[]> error(SuiteException e, OtlpEncoding encoding) {
        int status = StatusTable.status(e.kind());
        ResponseEntity.BodyBuilder b = ResponseEntity.status(status).header(HttpHeaders.CONTENT_TYPE, encoding.contentType());
        if (status == 429 || status == 503) {
            b.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return b.body(RpcStatus.body(encoding, e.kind(), e.getMessage()));
    }
}
