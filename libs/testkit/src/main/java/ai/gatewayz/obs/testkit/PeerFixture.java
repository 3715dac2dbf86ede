package ai.gatewayz.obs.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a test class that runs a service against real peers sets up once: a scratch directory for
 * configuration and data files, and the peers ({@link PeerProcess}) it started. {@link #close()}
 * stops every peer (newest first) and deletes the directory. Not thread-safe: one test class owns it
 * (typically a static field set in {@code @BeforeAll} and closed in {@code @AfterAll}).
 */
public final class PeerFixture implements AutoCloseable {
    private final Path dir;
    private final List<PeerProcess> peers = new ArrayList<>();

    private PeerFixture(Path dir) {
        this.dir = dir;
    }

    /** A fixture with a new temporary directory named after {@code prefix}. */
    public static PeerFixture create(String prefix) {
        try {
            return new PeerFixture(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Starts Debian's Prometheus (remote-write receiver on) with {@code configYaml}; stopped on close. */
    public PeerProcess prometheus(String configYaml) {
        return own(PeerProcess.prometheus(configYaml));
    }

    /** Starts Debian's Alertmanager with {@code configYaml}; stopped on close. */
    public PeerProcess alertmanager(String configYaml) {
        return own(PeerProcess.alertmanager(configYaml));
    }

    /** Takes a peer started elsewhere, to stop it on close. */
    public PeerProcess own(PeerProcess p) {
        peers.add(p);
        return p;
    }

    /** Writes {@code content} to {@code relative} below the directory (parents created); returns the path. */
    public Path write(String relative, String content) {
        Path p = dir.resolve(relative);
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    @Override
    public void close() {
        for (int i = peers.size() - 1; i >= 0; i--) {
            peers.get(i).close();
        }
        peers.clear();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
