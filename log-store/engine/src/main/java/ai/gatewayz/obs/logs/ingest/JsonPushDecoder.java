package ai.gatewayz.obs.logs.ingest;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Streaming decoder of the JSON push bodies (wire-protocols.md §3.3): v1
 * ({@code {"streams":[{"stream":{..},"values":[["<ns>","line",{..}]]}]}}) and the legacy v0
 * ({@code {"streams":[{"labels":"{..}","entries":[{"ts":"<RFC3339>","line":".."}]}]}}); a v0 body
 * is recognised by its keys on either path. Unknown keys are skipped. Thread-safe.
 */
public final class JsonPushDecoder {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonPushDecoder() {
    }

    public static List<RawStream> decode(byte[] body) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), body)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "body");
            List<RawStream> out = new ArrayList<>();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                if (!key.equals("streams")) {
                    p.skipChildren();
                    continue;
                }
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                expect(p, t, JsonToken.START_ARRAY, "streams");
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    out.add(stream(p));
                }
            }
            if (p.nextToken() != null) {
                throw IngestErrors.malformed("JSON", "trailing data after the body");
            }
            return out;
        } catch (JacksonException e) {
            throw IngestErrors.malformed("JSON", e.getOriginalMessage());
        }
    }

    private static RawStream stream(JsonParser p) {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, "stream");
        List<String[]> pairs = null;
        String selector = null;
        List<RawStream.RawEntry> entries = new ArrayList<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            switch (key) {
                case "stream" -> pairs = stringMap(p, t, "stream");
                case "values" -> values(p, t, entries);
                case "labels" -> selector = string(p, t, "labels");
                case "entries" -> v0Entries(p, t, entries);
                default -> p.skipChildren();
            }
        }
        if (pairs == null && selector == null) {
            pairs = List.of();
        }
        return new RawStream(selector, pairs, entries);
    }

    private static void values(JsonParser p, JsonToken t, List<RawStream.RawEntry> out) {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        expect(p, t, JsonToken.START_ARRAY, "values");
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expect(p, p.currentToken(), JsonToken.START_ARRAY, "values[i]");
            JsonToken ts = p.nextToken();
            if (ts != JsonToken.VALUE_STRING) {
                throw IngestErrors.timestampNotString(ts == null ? "end of input" : p.getString());
            }
            long nanos = nanos(p.getString());
            JsonToken lt = p.nextToken();
            if (lt != JsonToken.VALUE_STRING) {
                throw IngestErrors.malformed("JSON", "values[i][1] must be a string line");
            }
            String line = p.getString();
            List<String[]> md = List.of();
            JsonToken third = p.nextToken();
            if (third == JsonToken.START_OBJECT) {
                md = metadata(p);
                third = p.nextToken();
            }
            if (third != JsonToken.END_ARRAY) {
                throw IngestErrors.malformed("JSON", "values[i] must be [timestamp, line] or [timestamp, line, metadata]");
            }
            out.add(new RawStream.RawEntry(nanos, line, md));
        }
    }

    /** Either a flat string map, or the query shape {"structuredMetadata":{..},"parsed":{..}}. */
    private static List<String[]> metadata(JsonParser p) {
        List<String[]> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT && key.equals("structuredMetadata")) {
                out.addAll(stringMap(p, t, "structuredMetadata"));
            } else if (t == JsonToken.START_OBJECT && key.equals("parsed")) {
                p.skipChildren();
            } else if (t == JsonToken.VALUE_STRING) {
                out.add(new String[] {key, p.getString()});
            } else {
                throw IngestErrors.malformed("JSON", "structured metadata value of " + key + " must be a string");
            }
        }
        return out;
    }

    private static void v0Entries(JsonParser p, JsonToken t, List<RawStream.RawEntry> out) {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        expect(p, t, JsonToken.START_ARRAY, "entries");
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expect(p, p.currentToken(), JsonToken.START_OBJECT, "entries[i]");
            Long ts = null;
            String line = null;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = p.currentName();
                JsonToken vt = p.nextToken();
                switch (key) {
                    case "ts", "timestamp" -> ts = rfc3339(string(p, vt, key));
                    case "line" -> line = string(p, vt, "line");
                    default -> p.skipChildren();
                }
            }
            if (ts == null || line == null) {
                throw IngestErrors.malformed("JSON", "entries[i] needs ts and line");
            }
            out.add(new RawStream.RawEntry(ts, line, List.of()));
        }
    }

    private static List<String[]> stringMap(JsonParser p, JsonToken t, String what) {
        expect(p, t, JsonToken.START_OBJECT, what);
        List<String[]> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            out.add(new String[] {name, string(p, p.nextToken(), what + "." + name)});
        }
        return out;
    }

    private static String string(JsonParser p, JsonToken t, String what) {
        if (t != JsonToken.VALUE_STRING) {
            throw IngestErrors.malformed("JSON", what + " must be a string");
        }
        return p.getString();
    }

    private static void expect(JsonParser p, JsonToken got, JsonToken want, String what) {
        if (got != want) {
            throw IngestErrors.malformed("JSON", what + " must be " + (want == JsonToken.START_ARRAY ? "an array" : "an object"));
        }
    }

    private static long nanos(String s) {
        if (s.isEmpty() || s.length() > 19) {
            throw IngestErrors.malformed("JSON", "timestamp is not an integer of nanoseconds: " + s);
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw IngestErrors.malformed("JSON", "timestamp is not an integer of nanoseconds: " + s);
        }
    }

    private static long rfc3339(String s) {
        try {
            java.time.Instant i = java.time.OffsetDateTime.parse(s).toInstant();
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw IngestErrors.malformed("JSON", "ts is not an RFC 3339 timestamp: " + s);
        }
    }

}
