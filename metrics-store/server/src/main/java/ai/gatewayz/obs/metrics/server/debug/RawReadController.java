package ai.gatewayz.obs.metrics.server.debug;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.http.ErrorEnvelope;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.metrics.storage.HistogramIterator;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.storage.TenantStorages;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.TreeMap;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/read_raw?match[]=<selector>&start=<ms>&end=<ms>}: every stored sample of the
 * matching series, exactly, for tests and debugging. Each sample is {@code [t_ms, "value", "bits"]}
 * where bits is the raw IEEE-754 pattern in hex (so staleness markers are visible); a series with
 * native histogram samples also has {@code "histograms": [[t_ms, "<histogram>", "sum bits"], ...]}
 * with every field of the stored histogram. Tenant from X-Scope-OrgID. Not part of the Prometheus API.
 */
@RestController
public class RawReadController {
    private final TenantStorages storages;

    public RawReadController(TenantStorages storages) {
        this.storages = storages;
    }

    @GetMapping(value = {"/api/v1/read_raw", "/prometheus/api/v1/read_raw"}, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> readRaw(HttpServletRequest request,
            @RequestParam(name = "start", required = false) String start,
            @RequestParam(name = "end", required = false) String end) {
        // Read the raw values: Spring would split a List<String> parameter at commas inside selectors.
        String[] values = request.getParameterValues("match[]");
        List<String> match = values == null ? List.of() : List.of(values);
        if (match.isEmpty()) {
            throw CommonErrors.missingParameter("match[]");
        }
        long mint = parseMs("start", start, Long.MIN_VALUE);
        long maxt = parseMs("end", end, Long.MAX_VALUE);
        String tenant = Tenants.resolve(request);
        TreeMap<ai.gatewayz.obs.common.Labels, StringBuilder> out = new TreeMap<>();
        try (Querier q = storages.forTenant(tenant).querier(mint, maxt)) {
            for (String m : match) {
                List<LabelMatcher> matchers = RawSelector.parse(m);
                SeriesSet set = q.select(true, matchers);
                SampleIterator it = null;
                HistogramIterator hit = null;
                while (set.next()) {
                    if (out.containsKey(set.at().labels())) {
                        continue;
                    }
                    StringBuilder sb = new StringBuilder();
                    it = set.at().iterator(it);
                    boolean first = true;
                    while (it.next()) {
                        if (!first) {
                            sb.append(',');
                        }
                        first = false;
                        long bits = Double.doubleToRawLongBits(it.v());
                        sb.append('[').append(it.t()).append(",\"").append(formatValue(it.v())).append("\",\"")
                                .append(String.format("%016x", bits)).append("\"]");
                    }
                    sb.append(']');
                    hit = set.at().histogramIterator(hit);
                    first = true;
                    while (hit.next()) {
                        sb.append(first ? ",\"histograms\":[" : ",");
                        first = false;
                        sb.append('[').append(hit.t()).append(',');
                        ErrorEnvelope.appendJsonString(sb, hit.h().toString());
                        sb.append(",\"").append(String.format("%016x", Double.doubleToRawLongBits(hit.h().sum()))).append("\"]");
                    }
                    if (!first) {
                        sb.append(']');
                    }
                    out.put(set.at().labels(), sb);
                }
            }
        }
        StringBuilder json = new StringBuilder("{\"status\":\"success\",\"data\":[");
        boolean firstSeries = true;
        for (var e : out.entrySet()) {
            if (!firstSeries) {
                json.append(',');
            }
            firstSeries = false;
            json.append("{\"labels\":{");
            var l = e.getKey();
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    json.append(',');
                }
                ErrorEnvelope.appendJsonString(json, l.name(i));
                json.append(':');
                ErrorEnvelope.appendJsonString(json, l.value(i));
            }
            json.append("},\"samples\":[").append(e.getValue()).append("}");
        }
        json.append("]}");
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.toString());
    }

    private static long parseMs(String name, String v, long dflt) {
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw CommonErrors.invalidParameter(name, v, "cannot parse %s as integer milliseconds");
        }
    }

    /** Prometheus's float formatting for the common cases (shortest round-trip representation). */
    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
