package ai.gatewayz.obs.logs.server.explore;

import ai.gatewayz.obs.logs.server.LokiHttp;
import java.time.Instant;

/**
 * The known data set the Drilldown tests push: 30 minutes from 2026-01-01T00:00Z of an "api" service
 * (logfmt access and error lines, trace ids as structured metadata) in prod and staging, and a
 * "worker" service writing nested JSON. Every value is derived from the minute, so expected
 * answers can be worked out by hand.
 */
final class DrilldownData {
    static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");
    static final long BASE_NS = BASE.getEpochSecond() * 1_000_000_000L;
    static final int MINUTES = 30;

    private DrilldownData() {
    }

    static String push() {
        StringBuilder prod = new StringBuilder();
        StringBuilder staging = new StringBuilder();
        StringBuilder worker = new StringBuilder();
        for (int m = 0; m < MINUTES; m++) {
            long t = BASE_NS + m * 60_000_000_000L;
            sep(prod);
            prod.append(value(t, "level=info msg=\\\"GET /orders/" + m + "\\\" status=200 duration=" + (10 + m) + "ms", null));
            prod.append(',').append(value(t + 1_000_000_000L,
                    "level=info msg=\\\"GET /users/" + m + "\\\" status=" + (m % 3 == 0 ? 404 : 200) + " duration=" + (5 + m % 4) + "ms",
                    null));
            prod.append(',').append(value(t + 2_000_000_000L,
                    "level=error msg=\\\"upstream failed\\\" provider=" + (m % 2 == 0 ? "openai" : "anthropic")
                            + " status=502 duration=1.5s",
                    "{\"trace_id\":\"" + String.format("%032x", m + 1) + "\"}"));
            if (m % 10 == 0) {
                sep(staging);
                staging.append(value(t + 3_000_000_000L, "level=warn msg=\\\"slow request\\\" status=200 duration=2s", null));
            }
            sep(worker);
            worker.append(value(t + 4_000_000_000L, "{\\\"level\\\":\\\"" + (m % 5 == 0 ? "error" : "info")
                    + "\\\",\\\"msg\\\":\\\"job done\\\",\\\"job\\\":{\\\"id\\\":\\\"j" + (m % 4) + "\\\",\\\"attempt\\\":" + (1 + m % 2)
                    + "},\\\"took\\\":\\\"" + (m + 1) + ".5s\\\",\\\"ok\\\":" + (m % 5 != 0) + "}", null));
        }
        return "{\"streams\":["
                + "{\"stream\":{\"app\":\"api\",\"env\":\"prod\"},\"values\":[" + prod + "]},"
                + "{\"stream\":{\"app\":\"api\",\"env\":\"staging\"},\"values\":[" + staging + "]},"
                + "{\"stream\":{\"app\":\"worker\",\"env\":\"prod\"},\"values\":[" + worker + "]}]}";
    }

    private static void sep(StringBuilder sb) {
        if (!sb.isEmpty()) {
            sb.append(',');
        }
    }

    private static String value(long t, String line, String metadata) {
        return "[\"" + t + "\",\"" + line + "\"" + (metadata == null ? "" : "," + metadata) + "]";
    }

    static String enc(String s) {
        return LokiHttp.enc(s);
    }
}
