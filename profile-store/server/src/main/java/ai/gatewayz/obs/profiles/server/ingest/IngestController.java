package ai.gatewayz.obs.profiles.server.ingest;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.profiles.ingest.IngestErrors;
import ai.gatewayz.obs.profiles.ingest.LegacyIngest;
import ai.gatewayz.obs.profiles.limits.IngestLimiter;
import ai.gatewayz.obs.profiles.model.ProfileInput;
import ai.gatewayz.obs.profiles.server.storage.ProfileStorageProperties;
import ai.gatewayz.obs.profiles.storage.ProfileStorage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pyroscope's legacy {@code POST /ingest} (wire-protocols.md §5.1): 200 with an empty body once
 * the profiles are in the WAL; 400 for bad parameters, 413 over the size limit, 422 for bodies
 * that cannot be converted, 429 over the tenant's rate or series limits (400 over its size and label
 * limits); errors use the suite's JSON envelope. Never 5xx for client data.
 */
@RestController
public class IngestController {
    /** Multipart parts that travel beside a profile and are not one (the size limit skips them). */
    private static final Set<String> NOT_PROFILES = Set.of("labels", "sample_type_config");
    private final LegacyIngest ingest;
    private final ProfileStorage storage;
    private final Clock clock;
    private final long maxBody;
    private final Counter profilesIn;
    private final IngestLimiter limiter;

    public IngestController(LegacyIngest ingest, ProfileStorage storage, Clock profileClock, ProfileStorageProperties props,
                            MeterRegistry meters, IngestLimiter limiter) {
        this.ingest = ingest;
        this.limiter = limiter;
        this.storage = storage;
        this.clock = profileClock;
        this.maxBody = props.maxBodySize().toBytes();
        this.profilesIn = meters.counter("profile_store_ingested_profiles_total");
    }

    @PostMapping("/ingest")
    public ResponseEntity<Void> ingest(HttpServletRequest request) throws IOException {
        String tenant = Tenants.resolve(request);
        LegacyIngest.Params params = new LegacyIngest.Params(request.getParameter("name"), request.getParameter("from"),
                request.getParameter("until"), request.getParameter("sampleRate"), request.getParameter("spyName"),
                request.getParameter("units"), request.getParameter("aggregationType"), request.getParameter("format"));
        String ct = request.getContentType();
        Map<String, byte[]> parts = null;
        byte[] body = null;
        if (ct != null && ct.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            parts = readParts(request);
        } else {
            body = BodyReader.read(request.getInputStream(), request.getContentLengthLong(), maxBody);
        }
        admit(tenant, body, parts);
        List<ProfileInput> profiles = ingest.convert(params, ct, body == null ? new byte[0] : body, parts,
                clock.millis() * 1_000_000L);
        limiter.admitSeries(tenant, profiles);
        storage.appender(tenant).append(profiles);
        profilesIn.increment(profiles.size());
        return ResponseEntity.ok().build();
    }

    /** Rate first (the whole request as received), then each profile payload; the labels parts are not profiles. */
    private void admit(String tenant, byte[] body, Map<String, byte[]> parts) {
        if (parts == null) {
            limiter.admitBytes(tenant, body.length);
            limiter.admitProfileSize(tenant, body.length);
            return;
        }
        long total = 0;
        for (byte[] p : parts.values()) {
            total += p.length;
        }
        limiter.admitBytes(tenant, total);
        for (Map.Entry<String, byte[]> p : parts.entrySet()) {
            if (!NOT_PROFILES.contains(p.getKey())) {
                limiter.admitProfileSize(tenant, p.getValue().length);
            }
        }
    }

    private Map<String, byte[]> readParts(HttpServletRequest request) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try {
            for (Part p : request.getParts()) {
                try (InputStream in = p.getInputStream()) {
                    out.put(p.getName(), BodyReader.read(in, p.getSize(), maxBody));
                }
            }
        } catch (ServletException | IllegalStateException e) {
            throw IngestErrors.badMultipart(e.getMessage());
        }
        return out;
    }

    /** Reads a body up to a limit (413 above it). */
    static final class BodyReader {
        private BodyReader() {
        }

        static byte[] read(InputStream in, long declared, long max) throws IOException {
            if (declared > max) {
                throw CommonErrors.payloadTooLarge(declared, max);
            }
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (b.length > max) {
                throw CommonErrors.payloadTooLarge(b.length, max);
            }
            return b;
        }
    }
}
