package ai.gatewayz.obs.alerts.persist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordLogTest {
    @Test
    void tornTailIsTruncatedAndEarlierRecordsSurvive(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.log");
        try (RecordLog log = RecordLog.open(f, "TEST", p -> { })) {
            log.append(List.of("one".getBytes(), "two".getBytes()));
            log.append(List.of("three".getBytes()));
        }
        long size = Files.size(f);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(size - 2);
        }
        List<String> seen = new ArrayList<>();
        try (RecordLog log = RecordLog.open(f, "TEST", p -> seen.add(new String(p)))) {
            assertThat(seen).containsExactly("one", "two");
            log.append(List.of("four".getBytes()));
        }
        seen.clear();
        try (RecordLog log = RecordLog.open(f, "TEST", p -> seen.add(new String(p)))) {
            assertThat(seen).containsExactly("one", "two", "four");
            log.rewrite(List.of("only".getBytes()));
        }
        seen.clear();
        try (RecordLog ignored = RecordLog.open(f, "TEST", p -> seen.add(new String(p)))) {
            assertThat(seen).containsExactly("only");
        }
    }

    @Test
    void corruptRecordStopsReplay(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.log");
        try (RecordLog log = RecordLog.open(f, "TEST", p -> { })) {
            log.append(List.of("aaaa".getBytes(), "bbbb".getBytes()));
        }
        byte[] b = Files.readAllBytes(f);
        b[b.length - 1] ^= 1;
        Files.write(f, b);
        List<String> seen = new ArrayList<>();
        try (RecordLog ignored = RecordLog.open(f, "TEST", p -> seen.add(new String(p)))) {
            assertThat(seen).containsExactly("aaaa");
        }
    }
}
