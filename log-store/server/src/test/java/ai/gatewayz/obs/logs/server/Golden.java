package ai.gatewayz.obs.logs.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Byte-exact golden files under src/test/resources/golden/; {@code UPDATE_GOLDEN=1} rewrites them (review the diff). */
public final class Golden {
    private Golden() {
    }

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
