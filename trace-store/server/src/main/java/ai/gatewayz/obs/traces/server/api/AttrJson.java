package ai.gatewayz.obs.traces.server.api;

import ai.gatewayz.obs.traces.model.AttrValue;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** An attribute value in OTLP JSON form: stringValue, intValue (a string), doubleValue (a number), boolValue. */
final class AttrJson {
    private AttrJson() {
    }

    static JsonElement value(AttrValue v) {
        JsonObject o = new JsonObject();
        switch (v.type()) {
            case INT -> o.addProperty("intValue", Long.toString(v.intValue()));
            case DOUBLE -> o.addProperty("doubleValue", v.doubleValue());
            case BOOL -> o.addProperty("boolValue", v.boolValue());
            default -> o.addProperty("stringValue", v.asText());
        }
        return o;
    }
}
