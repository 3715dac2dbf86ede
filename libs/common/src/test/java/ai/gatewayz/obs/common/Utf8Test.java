package ai.gatewayz.obs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Utf8Test {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.argumentSet("empty", "", 0),
                Arguments.argumentSet("ascii", "openai", 6),
                Arguments.argumentSet("two-byte", "é", 2),
                Arguments.argumentSet("three-byte", "€", 3),
                Arguments.argumentSet("surrogate pair", "😀", 4),
                Arguments.argumentSet("lone high surrogate", "\uD83D", 3),
                Arguments.argumentSet("lone low surrogate then ascii", "\uDE00a", 4));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void lengths(String s, int bytes) {
        assertThat(Utf8.length(s)).isEqualTo(bytes);
    }

    @Test
    void agreesWithTheEncoderOnRandomWellFormedText() {
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = r.nextInt(20); j > 0; j--) {
                sb.appendCodePoint(r.nextBoolean() ? r.nextInt(0x80) : r.nextInt(0xD000) + (r.nextInt(4) == 0 ? 0x10000 : 0));
            }
            String s = sb.toString();
            assertThat(Utf8.length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void exceeds() {
        assertThat(Utf8.exceeds("abc", 3)).isFalse();
        assertThat(Utf8.exceeds("€€", 5)).isTrue();
        assertThat(Utf8.exceeds("€€", 6)).isFalse();
    }
}
