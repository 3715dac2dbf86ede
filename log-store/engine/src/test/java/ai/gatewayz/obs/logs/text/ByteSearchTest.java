package ai.gatewayz.obs.logs.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The word-at-a-time searches against String's own answers, on tables and on random text at every alignment. */
class ByteSearchTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "needle-7f3a9c|a needle-7f3a9c here|true",
        "needle-7f3a9c|a needle-7f3a9 here|false",
        "x|x|true",
        "x|y|false",
        "abc|ab|false",
        "é|café|true",
        "é|cafe|false",
        "aaab|aaaaaaaaaaaaaaaaaab|true",
        "aaab|aaaaaaaaaaaaaaaaaaa|false",
    })
    void containsAsStringDoes(String needle, String hay, boolean expected) {
        assertThat(ByteSearch.contains(b(hay), 0, b(hay).length, b(needle))).isEqualTo(expected).isEqualTo(hay.contains(needle));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "needle|A NEEDLE here|true",
        "needle|a NeEdLe|true",
        "needle-7f3a9c|NEEDLE-7F3A9C|true",
        "needle-7f3a9c|NEEDLE-7F3A9D|false",
        "a@b|A`B|false",
        "a@b|A@B|true",
        "k|\u212A|false",
    })
    void containsIgnoringAsciiCase(String lower, String hay, boolean expected) {
        assertThat(ByteSearch.containsIgnoreAsciiCase(b(hay), 0, b(hay).length, b(lower))).isEqualTo(expected);
    }

    @Test
    void randomTextAtEveryOffset() {
        Random r = new Random(3);
        String alphabet = "abcAB-_ 7é";
        for (int round = 0; round < 3000; round++) {
            StringBuilder hay = new StringBuilder();
            for (int i = r.nextInt(40); i > 0; i--) {
                hay.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            StringBuilder needle = new StringBuilder();
            for (int i = 1 + r.nextInt(4); i > 0; i--) {
                needle.append(alphabet.charAt(r.nextInt(alphabet.length() - 1)));
            }
            String h = hay.toString();
            String n = needle.toString();
            byte[] padded = b("##" + h + "##");
            int len = b(h).length;
            assertThat(ByteSearch.contains(padded, 2, len, b(n))).as("%s in %s", n, h).isEqualTo(h.contains(n));
            String lower = n.toLowerCase(Locale.ROOT);
            boolean folded = h.toLowerCase(Locale.ROOT).contains(lower);
            assertThat(ByteSearch.containsIgnoreAsciiCase(padded, 2, len, b(lower))).as("(?i)%s in %s", n, h).isEqualTo(folded);
            int first = ByteSearch.indexOfEither(padded, 2, 2 + len, (byte) 'a', (byte) '-');
            int expected = -1;
            for (int i = 2; i < 2 + len; i++) {
                if (padded[i] == 'a' || padded[i] == '-') {
                    expected = i;
                    break;
                }
            }
            assertThat(first).isEqualTo(expected);
            assertThat(ByteSearch.firstNonAscii(padded, 2, len) >= 0).isEqualTo(h.contains("é"));
        }
    }
}
