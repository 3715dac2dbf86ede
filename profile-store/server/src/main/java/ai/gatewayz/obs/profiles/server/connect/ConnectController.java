package ai.gatewayz.obs.profiles.server.connect;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.profiles.ingest.PushIngest;
import ai.gatewayz.obs.profiles.limits.IngestLimiter;
import ai.gatewayz.obs.profiles.model.ProfileInput;
import ai.gatewayz.obs.profiles.settings.TenantSettings;
import ai.gatewayz.obs.profiles.server.storage.ProfileStorageProperties;
import ai.gatewayz.obs.profiles.storage.ProfileQuerier;
import ai.gatewayz.obs.profiles.storage.ProfileStorage;
import ai.gatewayz.obs.proto.pyroscope.PushV1;
import ai.gatewayz.obs.proto.pyroscope.QuerierV1;
import ai.gatewayz.obs.proto.pyroscope.SettingsV1;
import ai.gatewayz.obs.proto.pyroscope.TypesV1;
import com.google.protobuf.Message;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Connect services Grafana, Profiles Drilldown and agents call: {@code querier.v1.QuerierService},
 * {@code push.v1.PusherService/Push} and {@code settings.v1.SettingsService}. Each method decodes
 * its request (binary or JSON, per Content-Type), answers in the same encoding, and reports failures
 * as Connect JSON errors; an unknown method is 404. Settings persist per tenant ({@link TenantSettings}).
 */
@RestController
public class ConnectController {
    private static final Logger log = LoggerFactory.getLogger(ConnectController.class);
    private final ProfileStorage storage;
    private final PushIngest push;
    private final Clock clock;
    private final QuerierService querier;
    private final long maxBody;
    private final TenantSettings settings;

    private final IngestLimiter limiter;

    public ConnectController(ProfileStorage storage, PushIngest push, Clock profileClock, ProfileStorageProperties props,
                             IngestLimiter limiter, TenantSettings settings) {
        this.settings = settings;
        this.storage = storage;
        this.limiter = limiter;
        this.push = push;
        this.clock = profileClock;
        this.querier = new QuerierService(profileClock);
        this.maxBody = props.maxBodySize().toBytes();
    }

    private byte[] body(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBody) {
            throw CommonErrors.payloadTooLarge(declared, maxBody);
        }
        byte[] b = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
        if (b.length > maxBody) {
            throw CommonErrors.payloadTooLarge(b.length, maxBody);
        }
        return b;
    }

    private <B extends Message.Builder> B parse(HttpServletRequest request, B builder) throws IOException {
        return ConnectCodec.parse(body(request), request.getContentType(), request.getHeader("Content-Encoding"), builder, maxBody);
    }

    @FunctionalInterface
    private interface Call {
        Message run() throws IOException;
    }

    private ResponseEntity<byte[]> handle(HttpServletRequest request, Call call) {
        boolean json = ConnectCodec.isJson(request.getContentType());
        try {
            return ConnectCodec.ok(call.run(), json);
        } catch (SuiteException e) {
            return ConnectCodec.error(e);
        } catch (IOException e) {
            return ConnectCodec.error(503, "unavailable", "cannot read request body [detail=" + e.getMessage() + "]");
        } catch (RuntimeException e) {
            log.error("querier call failed [path={}]", request.getRequestURI(), e);
            return ConnectCodec.error(500, "internal", "internal error");
        }
    }

    @PostMapping("/querier.v1.QuerierService/{method}")
    public ResponseEntity<byte[]> querier(@PathVariable String method, HttpServletRequest request) {
        String tenant = Tenants.resolve(request);
        ProfileQuerier q = storage.querier(tenant);
        return switch (method) {
            case "ProfileTypes" -> handle(request, () -> querier.profileTypes(q, parse(request, QuerierV1.ProfileTypesRequest.newBuilder()).build()));
            case "LabelNames" -> handle(request, () -> querier.labelNames(q, parse(request, TypesV1.LabelNamesRequest.newBuilder()).build()));
            case "LabelValues" -> handle(request, () -> querier.labelValues(q, parse(request, TypesV1.LabelValuesRequest.newBuilder()).build()));
            case "Series" -> handle(request, () -> querier.series(q, parse(request, QuerierV1.SeriesRequest.newBuilder()).build()));
            case "GetProfileStats" -> handle(request, () -> {
                parse(request, TypesV1.GetProfileStatsRequest.newBuilder());
                return querier.stats(q);
            });
            case "SelectMergeStacktraces" -> handle(request,
                    () -> querier.mergeStacktraces(q, parse(request, QuerierV1.SelectMergeStacktracesRequest.newBuilder()).build()));
            case "SelectMergeSpanProfile" -> handle(request,
                    () -> querier.mergeSpanProfile(q, parse(request, QuerierV1.SelectMergeSpanProfileRequest.newBuilder()).build()));
            case "SelectSeries" -> handle(request, () -> querier.selectSeries(q, parse(request, QuerierV1.SelectSeriesRequest.newBuilder()).build()));
            case "SelectMergeProfile" -> handle(request,
                    () -> querier.mergeProfile(q, parse(request, QuerierV1.SelectMergeProfileRequest.newBuilder()).build()));
            case "Diff" -> handle(request, () -> querier.diff(q, parse(request, QuerierV1.DiffRequest.newBuilder()).build()));
            case "SelectHeatmap" -> handle(request,
                    () -> querier.selectHeatmap(q, parse(request, QuerierV1.SelectHeatmapRequest.newBuilder()).build()));
            case "AnalyzeQuery" -> handle(request,
                    () -> querier.analyzeQuery(q, parse(request, QuerierV1.AnalyzeQueryRequest.newBuilder()).build()));
            default -> ConnectCodec.error(404, "unimplemented", "unknown method [method=querier.v1.QuerierService/" + method + "]");
        };
    }

    @PostMapping("/push.v1.PusherService/{method}")
    public ResponseEntity<byte[]> push(@PathVariable String method, HttpServletRequest request) {
        if (!method.equals("Push")) {
            return ConnectCodec.error(404, "unimplemented", "unknown method [method=push.v1.PusherService/" + method + "]");
        }
        String tenant = Tenants.resolve(request);
        return handle(request, () -> {
            byte[] raw = body(request);
            limiter.admitBytes(tenant, raw.length);
            PushV1.PushRequest req = ConnectCodec.parse(raw, request.getContentType(), request.getHeader("Content-Encoding"),
                    PushV1.PushRequest.newBuilder(), maxBody).build();
            for (PushV1.RawProfileSeries s : req.getSeriesList()) {
                for (PushV1.RawSample sample : s.getSamplesList()) {
                    limiter.admitProfileSize(tenant, sample.getRawProfile().size());
                }
            }
            List<ProfileInput> profiles = push.convert(req, clock.millis() * 1_000_000L);
            limiter.admitSeries(tenant, profiles);
            storage.appender(tenant).append(profiles);
            return PushV1.PushResponse.getDefaultInstance();
        });
    }

    @PostMapping("/settings.v1.SettingsService/{method}")
    public ResponseEntity<byte[]> settings(@PathVariable String method, HttpServletRequest request) {
        String tenant = Tenants.resolve(request);
        return switch (method) {
            case "Get" -> handle(request, () -> {
                parse(request, SettingsV1.GetSettingsRequest.newBuilder());
                return SettingsV1.GetSettingsResponse.newBuilder().addAllSettings(settings.get(tenant)).build();
            });
            case "Set" -> handle(request, () -> {
                SettingsV1.Setting s = parse(request, SettingsV1.SetSettingsRequest.newBuilder()).getSetting();
                if (s.getName().isEmpty()) {
                    throw new SuiteException(ai.gatewayz.obs.common.ErrorKind.BAD_DATA, "setting name is required [name=]");
                }
                SettingsV1.Setting stored = settings.set(tenant, s.toBuilder().setModifiedAt(clock.millis()).build());
                return SettingsV1.SetSettingsResponse.newBuilder().setSetting(stored).build();
            });
            default -> ConnectCodec.error(404, "unimplemented", "unknown method [method=settings.v1.SettingsService/" + method + "]");
        };
    }
}
