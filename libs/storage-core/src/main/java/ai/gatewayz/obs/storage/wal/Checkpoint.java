package ai.gatewayz.obs.storage.wal;

import ai.gatewayz.obs.storage.io.CorruptDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A checkpoint file: the same record framing as a segment (magic "GZCK") holding a compacted image
 * of everything in the segments before its number. Written to a {@code .tmp} file, forced, then
 * renamed atomically, so a checkpoint either exists whole or not at all. A writer is not thread-safe.
 */
public final class Checkpoint {
    private Checkpoint() {
    }

    /** Writes records into {@code checkpoint.N}; {@link #commit()} makes it visible. */
    public static final class Writer implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final FileChannel ch;
        private byte[] frame = new byte[4096];
        private boolean committed;

        public Writer(Path walDir, int segment) {
            this.target = SegmentedLog.checkpointPath(walDir, segment);
            this.tmp = target.resolveSibling(target.getFileName() + ".tmp");
            try {
                Files.deleteIfExists(tmp);
                ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                ch.write(ByteBuffer.wrap(RecordFraming.fileHeader(RecordFraming.CHECKPOINT_MAGIC)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void append(byte[] payload, int off, int len) {
            int framed = RecordFraming.RECORD_HEADER + len;
            if (frame.length < framed) {
                frame = new byte[Math.max(framed, frame.length * 2)];
            }
            RecordFraming.frame(payload, off, len, frame, 0);
            try {
                ByteBuffer bb = ByteBuffer.wrap(frame, 0, framed);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void commit() {
            try {
                ch.force(true);
                ch.close();
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                committed = true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                if (ch.isOpen()) {
                    ch.close();
                }
                if (!committed) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reads every record of {@code checkpoint.N}; a damaged checkpoint is an error, never skipped. */
    public static void read(Path walDir, int segment, RecordFraming.RecordConsumer consumer) {
        Path p = SegmentedLog.checkpointPath(walDir, segment);
        try {
            byte[] data = Files.readAllBytes(p);
            int good = RecordFraming.scan(data, data.length, RecordFraming.CHECKPOINT_MAGIC, consumer);
            if (good != data.length) {
                throw new CorruptDataException("checkpoint is damaged [file=" + p + ", offset=" + good + "]");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
