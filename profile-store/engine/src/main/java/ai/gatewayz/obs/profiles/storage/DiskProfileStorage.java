package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.profiles.model.ProfileInput;
import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import ai.gatewayz.obs.storage.wal.Checkpoint;
import ai.gatewayz.obs.storage.wal.SegmentedLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles on disk: every ingest request is one WAL record (written before {@code append}
 * returns), applied to heap partitions; {@link #maintain()} writes changed partitions as block
 * files, marks the WAL position they cover with an empty checkpoint, deletes older segments and
 * drops partitions past retention. Opening loads the blocks and replays the WAL after the newest
 * checkpoint. Layout and formats: docs/formats/profile-block.md and profile-wal.md.
 *
 * <p>Thread-safe. Appends run concurrently (read lock); {@code maintain} excludes them briefly
 * (write lock) so a block and the WAL position it covers always agree.
 */
public final class DiskProfileStorage implements ProfileStorage {
    private static final Logger log = LoggerFactory.getLogger(DiskProfileStorage.class);
    private static final String BLOCK_SUFFIX = ".block";

    private final Path blocksDir;
    private final SegmentedLog wal;
    private final PartitionedProfiles state;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ThreadLocal<ByteSink> sinks = ThreadLocal.withInitial(() -> new ByteSink(1 << 16));

    private DiskProfileStorage(Path dir, StorageOptions options, Clock clock) {
        this.blocksDir = dir.resolve("blocks");
        this.state = new PartitionedProfiles(options, clock);
        try {
            Files.createDirectories(blocksDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loadBlocks();
        Path walDir = dir.resolve("wal");
        this.wal = SegmentedLog.open(walDir, options.walSegmentBytes(), options.fsync());
        if (wal.lastRepair().corruptSegment() >= 0) {
            log.warn("profile WAL tail was corrupt and has been repaired [dir={}, repair={}]", walDir, wal.lastRepair());
        }
        try {
            int from = SegmentedLog.latestCheckpoint(walDir);
            long[] replayed = {0};
            wal.read(from, (b, off, len) -> {
                WalRecordCodec.Decoded d = WalRecordCodec.decode(b, off, len);
                d.profiles().forEach(p -> state.add(d.tenant(), p));
                replayed[0]++;
            });
            log.info("profile storage opened [dir={}, walRecordsReplayed={}]", dir, replayed[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DiskProfileStorage open(Path dir, StorageOptions options, Clock clock) {
        return new DiskProfileStorage(dir, options, clock);
    }

    private void loadBlocks() {
        try (Stream<Path> tenants = Files.list(blocksDir)) {
            for (Path tdir : (Iterable<Path>) tenants::iterator) {
                String tenant = new String(HexFormat.of().parseHex(tdir.getFileName().toString()), StandardCharsets.UTF_8);
                try (Stream<Path> files = Files.list(tdir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        String name = f.getFileName().toString();
                        if (name.endsWith(".tmp")) {
                            Files.delete(f);
                            continue;
                        }
                        if (!name.endsWith(BLOCK_SUFFIX)) {
                            continue;
                        }
                        Partition p;
                        try {
                            p = BlockCodec.decode(Files.readAllBytes(f));
                        } catch (CorruptDataException e) {
                            throw StorageErrors.corruptBlock(f.toString(), e.getMessage());
                        }
                        state.tenants.computeIfAbsent(tenant,
                                t -> new TenantPartitions(t, state.options.partition().toMillis())).partitions.put(p.startMs, p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ProfileAppender appender(String tenant) {
        return profiles -> append(tenant, profiles);
    }

    private void append(String tenant, List<ProfileInput> profiles) {
        if (profiles.isEmpty()) {
            return;
        }
        ByteSink sink = sinks.get().reset();
        WalRecordCodec.encode(tenant, profiles, sink);
        lock.readLock().lock();
        try {
            try {
                wal.append(sink.array(), 0, sink.length());
            } catch (UncheckedIOException e) {
                throw StorageErrors.walWriteFailed(tenant, e);
            }
            for (ProfileInput p : profiles) {
                state.add(tenant, p);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public ProfileQuerier querier(String tenant) {
        return state.querier(tenant);
    }

    @Override
    public void maintain() {
        lock.writeLock().lock();
        try {
            int segment = wal.cut();
            state.seal();
            for (TenantPartitions t : state.tenants.values()) {
                for (Partition p : t.partitions.values()) {
                    byte[] image;
                    synchronized (p) {
                        if (!p.dirty) {
                            continue;
                        }
                        image = BlockCodec.encode(p);
                        p.dirty = false;
                    }
                    writeAtomically(blockPath(t.tenant, p.startMs), image);
                }
            }
            try (Checkpoint.Writer w = new Checkpoint.Writer(wal.directory(), segment)) {
                w.commit();
            }
            wal.deleteBefore(segment);
        } finally {
            lock.writeLock().unlock();
        }
        for (Object[] dropped : state.expire()) {
            Partition p = (Partition) dropped[1];
            try {
                Files.deleteIfExists(blockPath((String) dropped[0], p.startMs));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Path blockPath(String tenant, long startMs) {
        return blocksDir.resolve(HexFormat.of().formatHex(tenant.getBytes(StandardCharsets.UTF_8)))
                .resolve(String.format("%016x", startMs) + BLOCK_SUFFIX);
    }

    private static void writeAtomically(Path target, byte[] image) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(image));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public StorageStats stats() {
        long bytes = 0;
        try (Stream<Path> s = Files.walk(blocksDir.getParent())) {
            bytes = s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            // a file vanished while walking: report what was seen
        }
        return state.stats(bytes);
    }

    @Override
    public void close() {
        wal.close();
    }
}
