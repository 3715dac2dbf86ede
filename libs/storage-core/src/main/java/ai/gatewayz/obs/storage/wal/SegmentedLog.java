package ai.gatewayz.obs.storage.wal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An append-only log of checksummed records split into numbered segment files
 * ({@code 00000001}, {@code 00000002}, ...), with checkpoints beside them
 * ({@code checkpoint.00000005} holds the state of everything before segment 5).
 *
 * <p>{@link #open} repairs a torn or corrupt tail: the bad segment is truncated to its last intact
 * record and later segments are deleted; {@link #lastRepair()} says what was dropped. Appends then
 * go to a fresh segment. A record returned from {@link #append} has been handed to the operating
 * system (it survives a process kill); with {@code fsync} it has also been forced to the device.
 *
 * <p>Thread-safe: appends, cuts and deletions are serialised on this object.
 */
public final class SegmentedLog implements AutoCloseable {
    private static final String CHECKPOINT_PREFIX = "checkpoint.";

    private final Path dir;
    private final long segmentBytes;
    private final boolean fsync;
    private final RepairReport repair;
    private FileChannel current;
    private int currentIndex;
    private long currentSize;
    private byte[] frameBuf = new byte[4096];
    private long bytesWritten;

    private SegmentedLog(Path dir, long segmentBytes, boolean fsync, RepairReport repair, int nextIndex) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
        this.repair = repair;
        openSegment(nextIndex);
    }

    /** Opens (creating if needed) the log in {@code dir}, repairing a corrupt tail. */
    public static SegmentedLog open(Path dir, long segmentBytes, boolean fsync) {
        try {
            Files.createDirectories(dir);
            List<Integer> segs = listSegments(dir);
            int segmentsRead = 0;
            long records = 0;
            int corrupt = -1;
            long dropped = 0;
            int droppedSegs = 0;
            for (int idx : segs) {
                Path p = segmentPath(dir, idx);
                if (corrupt >= 0) {
                    dropped += Files.size(p);
                    droppedSegs++;
                    Files.delete(p);
                    continue;
                }
                byte[] data = Files.readAllBytes(p);
                long[] count = {0};
                int good = RecordFraming.scan(data, data.length, RecordFraming.SEGMENT_MAGIC, (b, o, l) -> count[0]++);
                segmentsRead++;
                records += count[0];
                if (good < data.length) {
                    corrupt = idx;
                    dropped += data.length - good;
                    if (good < RecordFraming.FILE_HEADER) {
                        Files.delete(p); // not even a header: drop the file
                        droppedSegs++;
                    } else {
                        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                            ch.truncate(good);
                            ch.force(true);
                        }
                    }
                }
            }
            List<Integer> left = listSegments(dir);
            int next = left.isEmpty() ? Math.max(1, latestCheckpoint(dir)) : left.getLast() + 1;
            return new SegmentedLog(dir, segmentBytes, fsync,
                    new RepairReport(segmentsRead, records, corrupt, dropped, droppedSegs), next);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RepairReport lastRepair() {
        return repair;
    }

    public Path directory() {
        return dir;
    }

    public static Path segmentPath(Path dir, int idx) {
        return dir.resolve(String.format("%08d", idx));
    }

    /** Segment numbers present, ascending. */
    public static List<Integer> listSegments(Path dir) throws IOException {
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> {
                String n = p.getFileName().toString();
                if (n.length() == 8 && n.chars().allMatch(Character::isDigit)) {
                    out.add(Integer.parseInt(n));
                }
            });
        }
        out.sort(null);
        return out;
    }

    /** The number N of the newest complete {@code checkpoint.N}, or 0. */
    public static int latestCheckpoint(Path dir) throws IOException {
        int best = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(CHECKPOINT_PREFIX) && n.length() == CHECKPOINT_PREFIX.length() + 8) {
                    String num = n.substring(CHECKPOINT_PREFIX.length());
                    if (num.chars().allMatch(Character::isDigit)) {
                        best = Math.max(best, Integer.parseInt(num));
                    }
                }
            }
        }
        return best;
    }

    public static Path checkpointPath(Path dir, int idx) {
        return dir.resolve(CHECKPOINT_PREFIX + String.format("%08d", idx));
    }

    private void openSegment(int idx) throws IOException {
        Path p = segmentPath(dir, idx);
        current = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        current.write(ByteBuffer.wrap(RecordFraming.fileHeader(RecordFraming.SEGMENT_MAGIC)));
        currentIndex = idx;
        currentSize = RecordFraming.FILE_HEADER;
    }

    /** Appends one record; returns once it is written (and forced, with fsync). */
    public synchronized void append(byte[] payload, int off, int len) {
        try {
            int framed = RecordFraming.RECORD_HEADER + len;
            if (currentSize + framed > segmentBytes && currentSize > RecordFraming.FILE_HEADER) {
                rotate();
            }
            if (frameBuf.length < framed) {
                frameBuf = new byte[Math.max(framed, frameBuf.length * 2)];
            }
            RecordFraming.frame(payload, off, len, frameBuf, 0);
            ByteBuffer bb = ByteBuffer.wrap(frameBuf, 0, framed);
            while (bb.hasRemaining()) {
                current.write(bb);
            }
            currentSize += framed;
            bytesWritten += framed;
            if (fsync) {
                current.force(false);
            }
        } catch (IOException e) {
            dropTornRecord();
            throw new UncheckedIOException(e);
        }
    }

    /**
     * After a failed append, cuts what part of the record reached the file, so the next record
     * follows the last complete one: otherwise replay would stop at the torn record and drop every
     * acknowledged record written after it.
     */
    private void dropTornRecord() {
        try {
            if (current != null && current.isOpen() && current.size() > currentSize) {
                current.truncate(currentSize);
            }
            if (current != null && current.isOpen()) {
                current.position(currentSize);
            }
        } catch (IOException ignored) {
            // the device is failing: replay's repair handles the torn tail
        }
    }

    private void rotate() throws IOException {
        current.force(false);
        current.close();
        openSegment(currentIndex + 1);
    }

    /** Closes the current segment and starts a new one; returns the new segment's number. */
    public synchronized int cut() {
        try {
            rotate();
            return currentIndex;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized int currentSegment() {
        return currentIndex;
    }

    public synchronized long bytesWritten() {
        return bytesWritten;
    }

    /** Reads every intact record of segments {@code >= from}, in order (including the one being written). */
    public void read(int from, RecordFraming.RecordConsumer consumer) {
        try {
            for (int idx : listSegments(dir)) {
                if (idx < from) {
                    continue;
                }
                byte[] data = Files.readAllBytes(segmentPath(dir, idx));
                RecordFraming.scan(data, data.length, RecordFraming.SEGMENT_MAGIC, consumer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes segments numbered below {@code segment} and checkpoints older than the newest. */
    public synchronized void deleteBefore(int segment) {
        try {
            for (int idx : listSegments(dir)) {
                if (idx < segment && idx != currentIndex) {
                    Files.deleteIfExists(segmentPath(dir, idx));
                }
            }
            int latest = latestCheckpoint(dir);
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String n = p.getFileName().toString();
                    if (n.startsWith(CHECKPOINT_PREFIX) && !p.equals(checkpointPath(dir, latest))) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forces everything written so far to the device. */
    public synchronized void sync() {
        try {
            current.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (current.isOpen()) {
                current.force(false);
                current.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
