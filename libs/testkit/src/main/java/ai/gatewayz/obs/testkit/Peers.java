package ai.gatewayz.obs.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds what a test needs from outside the repository: a Debian peer binary or a reference
 * corpus. When it is absent the test is skipped with a message, unless {@code REQUIRE_PEERS=1}
 * (set by CI), in which case it fails: CI must never silently skip a peer test.
 */
public final class Peers {
    private Peers() {
    }

    /** True when CI demands every peer and corpus to be present. */
    public static boolean required() {
        return "1".equals(System.getenv("REQUIRE_PEERS")) || "true".equalsIgnoreCase(System.getenv("REQUIRE_PEERS"));
    }

    /** The path of an executable on PATH or in /usr/bin; skips or fails when absent. */
    public static Path binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/bin:/usr/sbin").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        absent("peer binary '" + name + "' is not installed (Debian package; .ci/run installs it)");
        return null;
    }

    /** The repository's root directory (the Maven multi-module root). */
    public static Path sourceRoot() {
        String p = System.getProperty("suite.sourceRoot");
        if (p == null || p.isEmpty()) {
            p = System.getenv("SUITE_SOURCE_ROOT");
        }
        if (p != null && !p.isEmpty()) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot locate the repository root (no mvnw above the working directory)");
        }
        return dir;
    }

    /**
     * A directory of {@code ../shared/corpora/} beside the checkout (or under {@code CORPORA_DIR});
     * skips or fails when absent.
     */
    public static Path corpus(String name) {
        String env = System.getenv("CORPORA_DIR");
        Path base = env != null && !env.isEmpty() ? Path.of(env) : sourceRoot().resolveSibling("shared").resolve("corpora");
        Path p = base.resolve(name);
        if (!Files.isDirectory(p)) {
            absent("corpus '" + name + "' not found at " + p + " (set CORPORA_DIR or place shared/ beside the checkout)");
        }
        return p;
    }

    /** A file of {@code ../shared/} (contracts, seed) beside the checkout; skips or fails when absent. */
    public static Path shared(String relative) {
        String env = System.getenv("SHARED_DIR");
        Path base = env != null && !env.isEmpty() ? Path.of(env) : sourceRoot().resolveSibling("shared");
        Path p = base.resolve(relative);
        if (!Files.exists(p)) {
            absent("shared file '" + relative + "' not found at " + p + " (set SHARED_DIR or place shared/ beside the checkout)");
        }
        return p;
    }

    private static void absent(String message) {
        if (required()) {
            throw new AssertionError("REQUIRE_PEERS=1 but " + message);
        }
        Assumptions.abort(message);
    }
}
