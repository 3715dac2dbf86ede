package ai.gatewayz.obs.metrics.server.api;

import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.http.ErrorEnvelope;
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
                    sb.append(",\"value\":");
                    point(sb, s.t(), s.v());
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
                    sb.append(",\"values\":[");
                    for (int i = 0; i < s.size(); i++) {
                        if (i > 0) {
                            sb.append(',');
                        }
                        point(sb, s.t()[i], s.v()[i]);
                    }
                    sb.append("]}");
                }
                sb.append(']');
            }
        }
        return sb.append('}').toString();
    }
}
