package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.traces.otlp.DecodedExport;
import ai.gatewayz.obs.traces.otlp.IngestLimits;
import ai.gatewayz.obs.traces.otlp.OtlpDecoder;
import ai.gatewayz.obs.traces.storage.SpanAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** The traceql-oteldb corpus: traces.json loaded through the OTLP/JSON decoder, and the YAML of expectations. */
final class OtelDbCorpus {
    static final long START = 1686121990L * 1_000_000_000L; // 2023-06-07T07:13:10Z
    static final long END = 1686122100L * 1_000_000_000L;

    private OtelDbCorpus() {
    }

    static Path dir() {
        return Peers.corpus("traceql-oteldb");
    }

    /** Ingests every line of traces.json; returns the number of spans stored. */
    static int load(SpanAppender storage, String tenant) {
        try {
            int n = 0;
            for (String line : Files.readAllLines(dir().resolve("traces.json"), StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                DecodedExport d = OtlpDecoder.decode(OtlpDecoder.parseJson(line), IngestLimits.DEFAULTS);
                if (d.rejected() != 0) {
                    throw new AssertionError("corpus span rejected: " + d.rejectReason());
                }
                storage.append(tenant, d.spans());
                n += d.spans().size();
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cases() {
        try {
            return (Map<String, Object>) new Yaml().load(Files.readString(dir().resolve("TRACEQL-SEARCH-CASES.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
