package ai.gatewayz.obs.logs.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.observe.CommitListener.Committed;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.memory.MemoryTenantLogStorages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A miner rebuilt from storage answers as the one that saw the pushes live; entries outside the retention window are left out. */
class PatternRebuildTest {
    @Test
    void rebuildFromStorageMatchesLiveMining() throws Exception {
        Instant now = Instant.parse("2026-01-01T03:00:00Z");
        java.time.Clock clock = java.time.Clock.fixed(now, java.time.ZoneOffset.UTC);
        long nowNs = now.getEpochSecond() * 1_000_000_000L;
        MemoryTenantLogStorages storages = new MemoryTenantLogStorages(clock);
        PatternOptions opts = new PatternOptions(0.5, 300, 128, Duration.ofSeconds(10), Duration.ofHours(1));
        PatternMiner live = new PatternMiner(opts, clock);
        Labels stream = Labels.of("service_name", "api");
        List<Committed> batch = new ArrayList<>();
        LogAppender app = storages.forTenant("t").appender();
        for (int i = 0; i < 120; i++) {
            long ts = nowNs - Duration.ofMinutes(90).toNanos() + i * 45_000_000_000L;
            LogEntry e = new LogEntry(ts, "GET /orders/" + i + " took " + i + "ms", Labels.of("detected_level", i % 3 == 0 ? "warn" : "info"));
            app.append(stream, e);
            if (ts >= nowNs - Duration.ofHours(1).toNanos()) {
                batch.add(new Committed(stream, e));
            }
        }
        app.commit();
        live.committed("t", batch);
        PatternMiner rebuilt = new PatternMiner(opts, clock);
        assertThat(rebuilt.rebuild(storages, nowNs)).isEqualTo(batch.size());
        List<LabelMatcher> m = List.of(LabelMatcher.eq("service_name", "api"));
        long from = nowNs - Duration.ofHours(2).toNanos();
        List<PatternSeries> a = live.query("t", m, from, nowNs, 600_000_000_000L, 100);
        List<PatternSeries> b = rebuilt.query("t", m, from, nowNs, 600_000_000_000L, 100);
        assertThat(b).hasSize(2);
        assertThat(b).usingRecursiveFieldByFieldElementComparator().isEqualTo(a);
        assertThat(b.getFirst().pattern()).isEqualTo("GET /<_> took <_>");
        storages.close();
    }
}
