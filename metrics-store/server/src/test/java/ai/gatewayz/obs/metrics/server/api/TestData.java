package ai.gatewayz.obs.metrics.server.api;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.model.MetricType;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Storage;

/** Writes a small, fixed data set through the storage seam. */
final class TestData {
    static final long T0 = 1_700_000_000_000L;

    private TestData() {
    }

    private static final java.util.Set<Storage> LOADED =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** Loads the data set once per storage (test classes may share a cached Spring context). */
    static synchronized void load(Storage s) {
        if (!LOADED.add(s)) {
            return;
        }
        Appender a = s.appender();
        for (int i = 0; i <= 120; i++) {
            long t = T0 + i * 15_000L;
            a.append(0, Labels.of("__name__", "http_requests_total", "job", "api", "instance", "a"), t, i * 10.0);
            a.append(0, Labels.of("__name__", "http_requests_total", "job", "api", "instance", "b"), t, i * 20.0);
            a.append(0, Labels.of("__name__", "up", "job", "api", "instance", "a"), t, 1);
            a.append(0, Labels.of("__name__", "temperature", "job", "web", "http.method", "GET"), t, 20 + i % 7);
            for (String le : new String[] {"0.1", "0.5", "1", "+Inf"}) {
                double f = le.equals("+Inf") ? 1 : Double.parseDouble(le);
                a.append(0, Labels.of("__name__", "http_seconds_bucket", "job", "api", "le", le), t, i * 10.0 * Math.min(1, f + 0.3));
            }
        }
        a.appendExemplar(0, Labels.of("__name__", "http_seconds_bucket", "job", "api", "le", "0.5"),
                new Exemplar(Labels.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"), 0.42, T0 + 60_123));
        a.updateMetadata(Labels.of("__name__", "http_requests_total"), new Metadata(MetricType.COUNTER, "Requests.", ""));
        a.updateMetadata(Labels.of("__name__", "up"), new Metadata(MetricType.GAUGE, "Target up.", ""));
        a.commit();
    }
}
