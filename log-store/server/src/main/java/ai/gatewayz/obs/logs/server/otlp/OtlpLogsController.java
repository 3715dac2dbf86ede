package ai.gatewayz.obs.logs.server.otlp;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.StatusTable;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.logs.ingest.BodyCodecs;
import ai.gatewayz.obs.logs.ingest.PushReceiver;
import ai.gatewayz.obs.logs.ingest.PushResult;
import ai.gatewayz.obs.logs.otlp.OtlpLogMapping;
import ai.gatewayz.obs.logs.otlp.OtlpLogsDecoder;
import ai.gatewayz.obs.logs.server.push.PushProperties;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
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
import java.util.Locale;
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
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

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
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        boolean json = type.startsWith(JSON);
        try {
            if (!json && !type.startsWith(PROTOBUF) && !type.startsWith("application/protobuf")) {
                throw CommonErrors.unsupportedMediaType(request.getContentType());
            }
            String tenant = Tenants.resolve(request);
            byte[] body = decode(request.getHeader(HttpHeaders.CONTENT_ENCODING), read(request));
            ExportLogsServiceRequest req = json ? OtlpLogsDecoder.json(new String(body, StandardCharsets.UTF_8))
                    : OtlpLogsDecoder.protobuf(body);
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
            return error(e, json);
        }
    }

    private byte[] read(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBody) {
            throw CommonErrors.payloadTooLarge(declared, maxBody);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
            if (b.length > maxBody) {
                throw CommonErrors.payloadTooLarge(b.length, maxBody);
            }
            return b;
        }
    }

    private byte[] decode(String encoding, byte[] body) {
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return body;
        }
        if (encoding.trim().equalsIgnoreCase("gzip")) {
            return BodyCodecs.gunzip(body, maxDecoded);
        }
        throw new SuiteException(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "unsupported content encoding [content-encoding=" + encoding + "]");
    }

    private static ResponseEntity<byte[]> answer(ExportLogsServiceResponse resp, boolean json) {
        if (!json) {
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, PROTOBUF).body(resp.toByteArray());
        }
        try {
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, JSON).body(PRINTER.print(resp).getBytes(StandardCharsets.UTF_8));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResponseEntity<byte[]> error(SuiteException e, boolean json) {
        int status = StatusTable.status(e.kind());
        int code = RpcStatus.code(e.kind());
        ResponseEntity.BodyBuilder b = ResponseEntity.status(status);
        if (status == 429 || status == 503) {
            b.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return json ? b.header(HttpHeaders.CONTENT_TYPE, JSON).body(RpcStatus.json(code, e.getMessage()))
                : b.header(HttpHeaders.CONTENT_TYPE, PROTOBUF).body(RpcStatus.protobuf(code, e.getMessage()));
    }
}
