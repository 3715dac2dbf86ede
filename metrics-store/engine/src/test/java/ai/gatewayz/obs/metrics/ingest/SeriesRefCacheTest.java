package ai.gatewayz.obs.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SeriesRefCacheTest {
    private static byte[] key(int i) {
        return ("\n\u0012\n\u0008__name__\u0012\u0006m\n\u000b\n\u0006series\u0012" + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyPutIsFoundAgainWithItsLabelsAndRef() {
        SeriesRefCache c = new SeriesRefCache(null, TenantLimits.unlimited());
        Labels l = Labels.of("__name__", "m");
        for (int i = 0; i < 100_000; i++) {
            byte[] k = key(i);
            c.put(SeriesRefCache.hash(k, 0, k.length), k, 0, k.length, l, i + 1);
        }
        assertThat(c.size()).isEqualTo(100_000);
        for (int i = 0; i < 100_000; i++) {
            byte[] k = key(i);
            SeriesRefCache.Entry e = c.get(SeriesRefCache.hash(k, 0, k.length), k, 0, k.length);
            assertThat(e).isNotNull();
            assertThat(e.ref()).isEqualTo(i + 1);
            assertThat(e.labels()).isSameAs(l);
        }
    }

    @Test
    void lookupComparesBytesNotJustHashes() {
        SeriesRefCache c = new SeriesRefCache(null, TenantLimits.unlimited());
        byte[] k = key(1);
        long h = SeriesRefCache.hash(k, 0, k.length);
        c.put(h, k, 0, k.length, Labels.of("__name__", "m"), 7);
        byte[] other = key(2);
        assertThat(c.get(h, other, 0, other.length)).isNull(); // same hash offered, different bytes
        byte[] framed = new byte[k.length + 4];
        System.arraycopy(k, 0, framed, 2, k.length);
        assertThat(c.get(h, framed, 2, 2 + k.length).ref()).isEqualTo(7);
        c.put(h, k, 0, k.length, Labels.of("__name__", "m"), 8); // replaces, does not duplicate
        assertThat(c.size()).isEqualTo(1);
        assertThat(c.get(h, k, 0, k.length).ref()).isEqualTo(8);
    }
}
