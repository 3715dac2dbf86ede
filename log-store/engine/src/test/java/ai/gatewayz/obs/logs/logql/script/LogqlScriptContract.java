package ai.gatewayz.obs.logs.logql.script;

import static org.junit.jupiter.api.Assertions.assertNull;

import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.storage.LogStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The LogQL script corpus (src/test/resources/logql/*.test) as one contract: bind it to a storage
 * by implementing {@link #newStorage()}. Every eval is its own dynamic test named file:line.
 */
public abstract class LogqlScriptContract {
    static final List<String> FILES = List.of("selectors.test", "line_filters.test", "parsers.test",
            "label_filters.test", "formatting.test", "range_aggregations.test", "unwrap.test",
            "vector_aggregations.test", "binary_ops.test", "errors.test", "limits.test");

    /** A fresh, empty storage for one script (and after each {@code clear}). */
    protected abstract LogStorage newStorage();

    /** Runs after each {@code load}: may flush and reopen; returns the storage to query. */
    protected LogStorage settle(LogStorage s) {
        return s;
    }

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        java.util.Map<String, String> skips = new java.util.HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/logql/SKIP.tsv")) {
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] c = l.split("\t", 2);
                if (c.length == 2 && !c[0].equals("file:line")) {
                    skips.put(c[0], c[1]);
                }
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String f : FILES) {
            String script;
            try (InputStream in = getClass().getResourceAsStream("/logql/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("missing script " + f);
                }
                script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            List<LogqlScriptRunner.Outcome> outcomes = new LogqlScriptRunner(this::newStorage, this::settle, new LogqlEngine()).run(script);
            for (LogqlScriptRunner.Outcome o : outcomes) {
                String skip = skips.get(f + ":" + o.line());
                tests.add(DynamicTest.dynamicTest(f + ":" + o.line() + " " + o.query(),
                        () -> {
                            org.junit.jupiter.api.Assumptions.assumeTrue(skip == null, skip);
                            assertNull(o.failure(), () -> f + ":" + o.line() + " " + o.query() + "\n" + o.failure());
                        }));
            }
        }
        return tests.stream();
    }
}
