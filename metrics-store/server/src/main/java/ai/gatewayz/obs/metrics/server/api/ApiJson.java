package ai.gatewayz.obs.metrics.server.api;

import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.http.ErrorEnvelope;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.promql.engine.QueryResult;
import java.util.List;

/**
 * Writes Prometheus API JSON by hand, byte-compatible with Prometheus: timestamps as seconds with
 * millisecond fraction ({@code 1.5} is written {@code 1.500}), values as strings in Go's shortest
 * {@code 'f'} format ({@code "NaN"}, {@code "+Inf"}). Stateless.
 */
final class ApiJson {
    private ApiJson() {
    }

    static void timestamp(StringBuilder sb, long ms) {
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        sb.append(ms / 1000);
        long frac = ms % 1000;
        if (frac != 0) {
            sb.append('.');
            if (frac < 100) {
                sb.append('0');
            }
            if (frac < 10) {
                sb.append('0');
            }
            sb.append(frac);
        }
    }

    /**
     * Go's {@code time.Time} JSON form (RFC 3339 with nanoseconds, trailing zeros trimmed) in UTC,
     * e.g. {@code 2026-12-03T13:40:41.3456611Z}; Go's zero time is {@code 0001-01-01T00:00:00Z}.
     */
    static void goTime(StringBuilder sb, java.time.Instant t) {
        java.time.LocalDateTime d = java.time.LocalDateTime.ofInstant(t, java.time.ZoneOffset.UTC);
        sb.append(String.format(java.util.Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d", d.getYear(), d.getMonthValue(),
                d.getDayOfMonth(), d.getHour(), d.getMinute(), d.getSecond()));
        int nanos = d.getNano();
        if (nanos != 0) {
            String f = String.format(java.util.Locale.ROOT, "%09d", nanos);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
        sb.append('Z');
    }

    static String value(double v) {
        return GoFloat.formatPlain(v);
    }

    static void string(StringBuilder sb, String s) {
        ErrorEnvelope.appendJsonString(sb, s);
    }

    static void labels(StringBuilder sb, Labels l) {
        sb.append('{');
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, l.name(i));
            sb.append(':');
            string(sb, l.value(i));
        }
        sb.append('}');
    }

    static void point(StringBuilder sb, long t, double v) {
        sb.append('[');
        timestamp(sb, t);
        sb.append(",\"").append(value(v)).append("\"]");
    }

    /**
     * A native histogram point as Prometheus renders it: {@code [t,{"count":"..","sum":"..","buckets":[[rule,"lo","hi","n"],..]}]},
     * non-empty buckets only, ascending; rule 0 = (lo,hi], 1 = [lo,hi), 2 = (lo,hi), 3 = [lo,hi].
     */
    static void histogramPoint(StringBuilder sb, long t, Histogram h) {
        sb.append('[');
        timestamp(sb, t);
        sb.append(",{\"count\":\"").append(histogramValue(h.count())).append("\",\"sum\":\"").append(histogramValue(h.sum())).append('"');
        boolean[] first = {true};
        h.forEachBucket((lo, up, li, ui, c) -> {
            sb.append(first[0] ? ",\"buckets\":[" : ",");
            first[0] = false;
            int rule = li ? (ui ? 3 : 1) : (ui ? 0 : 2);
            sb.append('[').append(rule).append(",\"").append(histogramValue(lo)).append("\",\"").append(histogramValue(up))
                    .append("\",\"").append(histogramValue(c)).append("\"]");
        });
        if (!first[0]) {
            sb.append(']');
        }
        sb.append("}]");
    }

    /**
     * A histogram field as Prometheus writes it: Go's shortest {@code 'f'} form, but {@code 'e'}
     * ({@code 1e-128}, {@code 2.5e+21}) below 1e-6 and from 1e21 in magnitude.
     */
    static String histogramValue(double v) {
        double abs = Math.abs(v);
        if (abs == 0 || Double.isNaN(v) || Double.isInfinite(v) || abs >= 1e-6 && abs < 1e21) {
            return value(v);
        }
        java.math.BigDecimal bd = new java.math.BigDecimal(Double.toString(abs)).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp = digits.length() - 1 - bd.scale();
        StringBuilder out = new StringBuilder(24);
        if (v < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exp < 0 ? '-' : '+');
        int e = Math.abs(exp);
        if (e < 10) {
            out.append('0');
        }
        return out.append(e).toString();
    }

    static void stringList(StringBuilder sb, List<String> list) {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, list.get(i));
        }
        sb.append(']');
    }

    /** {@code {"status":"success","data":<data>[,"warnings":[..]][,"infos":[..]]}}. */
    static String success(String data, List<String> warnings, List<String> infos) {
        StringBuilder sb = new StringBuilder(data.length() + 64);
        sb.append("{\"status\":\"success\",\"data\":").append(data);
        if (warnings != null && !warnings.isEmpty()) {
            sb.append(",\"warnings\":");
            stringList(sb, warnings);
        }
        if (infos != null && !infos.isEmpty()) {
            sb.append(",\"infos\":");
            stringList(sb, infos);
        }
        return sb.append('}').toString();
    }

    static String queryData(QueryResult r) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"resultType\":\"").append(r.type().apiName()).append("\",\"result\":");
        switch (r.type()) {
            case SCALAR -> point(sb, r.scalarTime(), r.scalar());
            case STRING -> {
                sb.append('[');
                timestamp(sb, r.scalarTime());
                sb.append(',');
                string(sb, r.string());
                sb.append(']');
            }
            case VECTOR -> {
                sb.append('[');
                boolean first = true;
                for (QueryResult.Sample s : r.vector()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    sb.append("{\"metric\":");
                    labels(sb, s.labels());
                    if (s.h() != null) {
                        sb.append(",\"histogram\":");
                        histogramPoint(sb, s.t(), s.h());
                    } else {
                        sb.append(",\"value\":");
                        point(sb, s.t(), s.v());
                    }
                    sb.append('}');
                }
                sb.append(']');
            }
            case MATRIX -> {
                sb.append('[');
                boolean first = true;
                for (QueryResult.SeriesPoints s : r.matrix()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    sb.append("{\"metric\":");
                    labels(sb, s.labels());
                    if (s.size() > 0 || s.h().length == 0) {
                        sb.append(",\"values\":[");
                        for (int i = 0; i < s.size(); i++) {
                            if (i > 0) {
                                sb.append(',');
                            }
                            point(sb, s.t()[i], s.v()[i]);
                        }
                        sb.append(']');
                    }
                    if (s.h().length > 0) {
                        sb.append(",\"histograms\":[");
                        for (int i = 0; i < s.h().length; i++) {
                            if (i > 0) {
                                sb.append(',');
                            }
                            histogramPoint(sb, s.ht()[i], s.h()[i]);
                        }
                        sb.append(']');
                    }
                    sb.append('}');
                }
                sb.append(']');
            }
        }
        return sb.append('}').toString();
    }
}
