package ai.gatewayz.obs.alerts.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void concurrentAppendsShareCommitsAndAllSurvive(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.log");
        int threads = 8;
        int per = 200;
        try (RecordLog log = RecordLog.open(f, "TEST", p -> { })) {
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int tt = t;
                ts.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < per; i++) {
                        try {
                            log.append(List.of((tt + ":" + i).getBytes()));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
            assertThat(log.records()).isEqualTo(threads * per);
        }
        List<String> seen = new ArrayList<>();
        try (RecordLog ignored = RecordLog.open(f, "TEST", p -> seen.add(new String(p)))) {
            assertThat(seen).hasSize(threads * per).doesNotHaveDuplicates();
            for (int t = 0; t < threads; t++) {
                String prefix = t + ":";
                assertThat(seen.stream().filter(x -> x.startsWith(prefix)).toList())
                        .as("each writer's records in its order").isSortedAccordingTo(
                                java.util.Comparator.comparingInt(x -> Integer.parseInt(x.substring(prefix.length()))));
            }
        }
    }

    @Test
    void enqueuedRecordsAreDurableAfterCloseAndOrderedAcrossRewrite(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.log");
        try (RecordLog log = RecordLog.open(f, "TEST", p -> { })) {
            log.enqueue(List.of("a".getBytes()));
            log.rewrite(List.of("live".getBytes()));
            long seq = log.enqueue(List.of("b".getBytes(), "c".getBytes()));
            log.enqueue(List.of("d".getBytes()));
            log.awaitDurable(seq);
        }
        List<String> seen = new ArrayList<>();
        try (RecordLog log = RecordLog.open(f, "TEST", p -> seen.add(new String(p)))) {
            assertThat(seen).containsSubsequence("live", "b", "c", "d").doesNotHaveDuplicates();
            log.close();
            assertThatThrownBy(() -> log.enqueue(List.of("x".getBytes()))).hasMessageContaining("record log closed");
        }
    }
}
