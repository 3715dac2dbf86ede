package ai.gatewayz.obs.alerts.store;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.alerts.model.Alert;
import ai.gatewayz.obs.common.Labels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's {@link Capacity}: new fingerprints refused at each limit, updates always taken, tallies exact. */
class AlertStoreCapacityTest {
    private static final long NOW = 1_000_000;

    static Alert alert(String name, String instance, String summary, long endsAt) {
        return new Alert(Labels.of("alertname", name, "instance", instance), Map.of("summary", summary), NOW, endsAt, NOW, "", false);
    }

    @Test
    void byteCapRefusesNewAlertsAndChargesUtf8() {
        AlertStore s = AlertStore.inMemory();
        Alert a = alert("A", "1", "é".repeat(10), NOW + 10);  // 9+1 + 8+1 + 7+20 = 46 bytes
        assertThat(AlertSizes.of(a)).isEqualTo(46);
        Capacity cap = new Capacity(0, 100, 0);
        AlertStore.Admitted r = s.put(List.of(a, alert("A", "2", "é".repeat(10), NOW + 10), alert("A", "3", "é".repeat(10), NOW + 10)),
                NOW, cap, x -> { });
        assertThat(r.stored()).hasSize(2);
        assertThat(r.refused()).extracting(AlertStore.Refusal::reason).containsExactly("alerts in memory too large [limit_bytes=100]");
        assertThat(s.bytes()).isEqualTo(92);
    }

    @Test
    void countAndPerNameCapsRefuseOnlyNewFingerprints() {
        AlertStore s = AlertStore.inMemory();
        Capacity cap = new Capacity(3, 0, 2);
        AlertStore.Admitted r = s.put(List.of(alert("A", "1", "", NOW + 10), alert("A", "2", "", NOW + 10), alert("A", "3", "", NOW + 10),
                alert("B", "1", "", NOW + 10), alert("C", "1", "", NOW + 10)), NOW, cap, x -> { });
        assertThat(r.refused()).extracting(AlertStore.Refusal::reason).containsExactly(
                "too many alerts for this alertname [limit=2]", "too many alerts in memory [limit=3]");
        assertThat(s.size()).isEqualTo(3);
        // full, yet the update of a held alert goes in
        AlertStore.Admitted update = s.put(List.of(alert("A", "1", "now resolved", NOW + 1)), NOW, cap, x -> { });
        assertThat(update.refused()).isEmpty();
        assertThat(s.get(alert("A", "1", "", 0).fingerprint()).annotations()).containsEntry("summary", "now resolved");
    }

    @Test
    void tallyFollowsGcAndSurvivesReopen(@TempDir Path dir) throws Exception {
        try (AlertStore s = AlertStore.open(dir)) {
            s.put(List.of(alert("A", "1", "xx", NOW + 10), alert("A", "2", "xx", NOW + 5_000)), NOW, Capacity.UNLIMITED, x -> { });
            assertThat(s.bytes()).isEqualTo(2 * 28);
            s.gc(NOW + 100);
            assertThat(s.bytes()).isEqualTo(28);
        }
        try (AlertStore s = AlertStore.open(dir)) {
            assertThat(s.bytes()).isEqualTo(28);
            AlertStore.Admitted r = s.put(List.of(alert("A", "3", "", NOW + 10)), NOW, new Capacity(0, 0, 1), x -> { });
            assertThat(r.refused()).hasSize(1);
        }
    }
}
