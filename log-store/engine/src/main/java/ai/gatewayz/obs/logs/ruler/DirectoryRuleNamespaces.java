package ai.gatewayz.obs.logs.ruler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Loki's local rule storage ({@code ruler.storage.local.directory}): {@code <dir>/<tenant>/<namespace>},
 * one rule file per namespace, the file name being the namespace. Files and directories starting
 * with {@code .} are ignored (our temporary files are such). A put writes a temporary file, forces
 * it to the device and renames it over the old one, so a crash leaves the old or the new file.
 * Thread-safe (writers serialise on this object; readers only see whole files).
 */
public final class DirectoryRuleNamespaces implements RuleNamespaces {
    private final Path dir;

    public DirectoryRuleNamespaces(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public Set<String> tenants() {
        Set<String> out = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(RuleNamespaces::validNamespace)
                    .filter(t -> !namespaces(t).isEmpty())
                    .forEach(out::add);
        } catch (IOException e) {
            throw RulerErrors.storage("list", dir.toString(), e);
        }
        return out;
    }

    @Override
    public SortedMap<String, String> namespaces(String tenant) {
        SortedMap<String, String> out = new TreeMap<>();
        Path t = dir.resolve(tenant);
        if (!Files.isDirectory(t)) {
            return out;
        }
        try (Stream<Path> s = Files.list(t)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String ns = f.getFileName().toString();
                if (RuleNamespaces.validNamespace(ns)) {
                    out.put(ns, Files.readString(f, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw RulerErrors.storage("read", t.toString(), e);
        }
        return out;
    }

    @Override
    public Optional<String> namespace(String tenant, String namespace) {
        Path f = dir.resolve(tenant).resolve(namespace);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw RulerErrors.storage("read", f.toString(), e);
        }
    }

    @Override
    public synchronized void put(String tenant, String namespace, String content) {
        Path t = dir.resolve(tenant);
        Path f = t.resolve(namespace);
        Path tmp = t.resolve(".tmp-" + namespace);
        try {
            Files.createDirectories(t);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw RulerErrors.storage("write", f.toString(), e);
        }
    }

    @Override
    public synchronized boolean delete(String tenant, String namespace) {
        Path f = dir.resolve(tenant).resolve(namespace);
        try {
            return Files.deleteIfExists(f);
        } catch (IOException e) {
            throw RulerErrors.storage("delete", f.toString(), e);
        }
    }
}
