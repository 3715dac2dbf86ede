package ai.gatewayz.obs.sim.telemetry;

import ai.gatewayz.obs.common.JsonStrings;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The backend's Loki line: one JSON object with {@code timestamp} (Python asctime,
 * {@code YYYY-MM-DD HH:MM:SS,mmm}), {@code level} (Python names), {@code logger}, {@code message},
 * then {@code trace_id} and {@code span_id} when known and {@code exception} when there is one
 * (contract section 5.3). Thread-safe (stateless).
 */
public final class BackendJsonLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(ZoneOffset.UTC);

    @Override
    public String doLayout(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder(256);
        sb.append('{');
        field(sb, "timestamp", ASCTIME.format(Instant.ofEpochMilli(e.getTimeStamp())));
        sb.append(',');
        field(sb, "level", PythonLevelConverter.name(e.getLevel()));
        sb.append(',');
        field(sb, "logger", e.getLoggerName());
        sb.append(',');
        field(sb, "message", e.getFormattedMessage());
        Map<String, String> mdc = e.getMDCPropertyMap();
        if (mdc != null) {
            String t = mdc.get("trace_id");
            String s = mdc.get("span_id");
            if (t != null) {
                sb.append(',');
                field(sb, "trace_id", t);
            }
            if (s != null) {
                sb.append(',');
                field(sb, "span_id", s);
            }
        }
        IThrowableProxy tp = e.getThrowableProxy();
        if (tp != null) {
            sb.append(',');
            field(sb, "exception", ThrowableProxyUtil.asString(tp));
        }
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, String k, String v) {
        sb.append('"').append(k).append("\":");
        if (v == null) {
            sb.append("null");
            return;
        }
        JsonStrings.appendPlain(sb, v);
    }
}
