package ai.gatewayz.obs.storage.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSinkTest {
    @Test
    void varintsFixedWidthAndStringsRoundTrip() {
        long[] values = {0, 1, -1, 63, 64, -64, -65, 127, 128, 300, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 35};
        ByteSink s = new ByteSink(4);
        for (long v : values) {
            s.putVarint(v).putUvarint(v).putLong(v).putInt((int) v);
        }
        s.putString("héllo").putByte(7);
        ByteSource r = new ByteSource(s.toByteArray());
        for (long v : values) {
            assertThat(r.getVarint()).isEqualTo(v);
            assertThat(r.getUvarint()).isEqualTo(v);
            assertThat(r.getLong()).isEqualTo(v);
            assertThat(r.getInt()).isEqualTo((int) v);
        }
        assertThat(r.getString()).isEqualTo("héllo");
        assertThat(r.getByte()).isEqualTo(7);
        assertThat(r.hasRemaining()).isFalse();
        assertThatThrownBy(r::getByte).isInstanceOf(CorruptDataException.class).hasMessageContaining("unexpected end");
    }

    @Test
    void crc32cMatchesTheKnownCheckValue() {
        // The CRC-32C check value of "123456789" is 0xE3069283.
        assertThat(Crc32c.of("123456789".getBytes())).isEqualTo(0xE3069283);
    }
}
