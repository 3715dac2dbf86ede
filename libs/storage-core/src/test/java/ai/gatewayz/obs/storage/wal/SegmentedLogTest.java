package ai.gatewayz.obs.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.storage.io.CorruptDataException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTest {
    @TempDir
    Path dir;

    private static void put(SegmentedLog log, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        log.append(b, 0, b.length);
    }

    private static List<String> readAll(SegmentedLog log, int from) {
        List<String> out = new ArrayList<>();
        log.read(from, (b, o, l) -> out.add(new String(b, o, l, StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void recordsSurviveReopenAndSegmentsRotate() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, 64, false)) {
            for (int i = 0; i < 20; i++) {
                put(log, "record-" + i);
            }
        }
        assertThat(SegmentedLog.listSegments(dir).size()).isGreaterThan(3);
        try (SegmentedLog log = SegmentedLog.open(dir, 64, false)) {
            assertThat(log.lastRepair().repaired()).isFalse();
            assertThat(log.lastRepair().recordsRead()).isEqualTo(20);
            List<String> all = readAll(log, 0);
            assertThat(all).hasSize(20).startsWith("record-0").endsWith("record-19");
            put(log, "after-reopen");
            assertThat(readAll(log, 0)).endsWith("after-reopen");
        }
    }

    @Test
    void tornTailIsTruncatedAndLaterSegmentsDropped() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, false)) {
            for (int i = 0; i < 10; i++) {
                put(log, "r" + i);
            }
            log.cut();
            put(log, "in-second-segment");
        }
        Path first = SegmentedLog.segmentPath(dir, 1);
        long size = Files.size(first);
        try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
            f.setLength(size - 3); // tear the last record
        }
        try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, false)) {
            RepairReport rep = log.lastRepair();
            assertThat(rep.repaired()).isTrue();
            assertThat(rep.corruptSegment()).isEqualTo(1);
            assertThat(rep.droppedSegments()).isEqualTo(1);
            assertThat(rep.droppedBytes()).isGreaterThan(0);
            assertThat(readAll(log, 0)).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8");
        }
    }

    @Test
    void flippedBitIsDetectedByTheChecksum() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, false)) {
            put(log, "alpha");
            put(log, "bravo");
            put(log, "charlie");
        }
        Path first = SegmentedLog.segmentPath(dir, 1);
        byte[] data = Files.readAllBytes(first);
        int at = new String(data, StandardCharsets.ISO_8859_1).indexOf("bravo");
        data[at + 2] ^= 0x10;
        Files.write(first, data);
        try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, false)) {
            assertThat(log.lastRepair().recordsRead()).isEqualTo(1);
            assertThat(readAll(log, 0)).containsExactly("alpha");
        }
    }

    @Test
    void checkpointIsAtomicAndOldSegmentsAreDeleted() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, false)) {
            put(log, "old");
            int seg = log.cut();
            put(log, "new");
            try (Checkpoint.Writer w = new Checkpoint.Writer(dir, seg)) {
                byte[] b = "image".getBytes(StandardCharsets.UTF_8);
                w.append(b, 0, b.length);
                w.commit();
            }
            log.deleteBefore(seg);
            assertThat(SegmentedLog.latestCheckpoint(dir)).isEqualTo(seg);
            assertThat(readAll(log, 0)).containsExactly("new");
            List<String> cp = new ArrayList<>();
            Checkpoint.read(dir, seg, (b, o, l) -> cp.add(new String(b, o, l, StandardCharsets.UTF_8)));
            assertThat(cp).containsExactly("image");
        }
        // An unfinished checkpoint (crash before rename) is invisible.
        try (Checkpoint.Writer w = new Checkpoint.Writer(dir, 99)) {
            w.append(new byte[] {1}, 0, 1);
        }
        assertThat(SegmentedLog.latestCheckpoint(dir)).isEqualTo(2);
        Path cpFile = SegmentedLog.checkpointPath(dir, 2);
        try (RandomAccessFile f = new RandomAccessFile(cpFile.toFile(), "rw")) {
            f.setLength(f.length() - 1);
        }
        assertThatThrownBy(() -> Checkpoint.read(dir, 2, (b, o, l) -> { }))
                .isInstanceOf(CorruptDataException.class).hasMessageContaining("checkpoint is damaged");
    }
}
