package ai.gatewayz.obs.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Byte-exact golden files under the module's {@code src/test/resources/golden/}; with
 * {@code UPDATE_GOLDEN=1} in the environment the actual text is written first (review the diff
 * before committing). Stateless.
 */
public final class Golden {
    private Golden() {
    }

    /** The golden text of {@code name} (trailing whitespace stripped), rewritten from {@code actual} when updating. */
    public static String read(String name, String actual) {
        Path p = Path.of("src/test/resources/golden/" + name);
        try {
            if ("1".equals(System.getenv("UPDATE_GOLDEN"))) {
                Files.createDirectories(p.getParent());
                Files.writeString(p, actual + "\n");
            }
            return Files.readString(p).stripTrailing();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
