package ai.gatewayz.obs.otlp;

import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.common.JsonStrings;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;

/**
 * OTLP {@code AnyValue}s as text: strings as they are, scalars in their usual notation, bytes as
 * base64, arrays and maps as compact JSON; used where attributes become label values (metrics),
 * stream labels or structured metadata (logs). Stateless.
 */
public final class AnyValues {
    private AnyValues() {
    }

    public static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> GoFloat.formatPlain(v.getDoubleValue());
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE, KVLIST_VALUE -> {
                StringBuilder sb = new StringBuilder();
                json(sb, v);
                yield sb.toString();
            }
            default -> "";
        };
    }

    private static void json(StringBuilder sb, AnyValue v) {
        switch (v.getValueCase()) {
            case STRING_VALUE -> JsonStrings.appendGo(sb, v.getStringValue());
            case BOOL_VALUE -> sb.append(v.getBoolValue());
            case INT_VALUE -> sb.append(v.getIntValue());
            case DOUBLE_VALUE -> {
                double d = v.getDoubleValue();
                if (Double.isFinite(d)) {
                    sb.append(GoFloat.formatPlain(d));
                } else {
                    JsonStrings.appendGo(sb, GoFloat.formatPlain(d));
                }
            }
            case BYTES_VALUE -> JsonStrings.appendGo(sb, Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                sb.append('[');
                for (int i = 0; i < v.getArrayValue().getValuesCount(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    json(sb, v.getArrayValue().getValues(i));
                }
                sb.append(']');
            }
            case KVLIST_VALUE -> {
                sb.append('{');
                for (int i = 0; i < v.getKvlistValue().getValuesCount(); i++) {
                    KeyValue kv = v.getKvlistValue().getValues(i);
                    if (i > 0) {
                        sb.append(',');
                    }
                    JsonStrings.appendGo(sb, kv.getKey());
                    sb.append(':');
                    json(sb, kv.getValue());
                }
                sb.append('}');
            }
            default -> sb.append("null");
        }
    }
}
