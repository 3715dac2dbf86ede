package ai.gatewayz.obs.alerts.persist;

import ai.gatewayz.obs.storage.wal.RecordFraming;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * An append-only file of checksummed records, replayed on open and compacted by rewriting. Framed
 * by storage-core's {@link RecordFraming} (docs/formats/alert-router-log.md, docs/formats/wal.md):
 * 4-byte magic, 1-byte version, 3 zero bytes, then records of
 * {@code [u32 length][u32 CRC32C of payload][payload]}, big-endian. A torn or corrupt tail is
 * truncated on open.
 *
 * <p>Writes are group-committed: {@link #enqueue} hands records to a background writer thread and
 * returns a sequence number at once; the writer writes everything queued so far and fsyncs once for
 * the whole batch, so concurrent writers share one fsync and no caller blocks on another's.
 * {@link #awaitDurable} waits until a sequence number is on disk; {@link #append} is both. Records
 * are written in the order they were enqueued, also across a {@link #rewrite}. {@link #close} writes
 * and fsyncs what is still queued. Thread-safe.
 */
public final class RecordLog implements AutoCloseable {
    public static final int VERSION = RecordFraming.VERSION;

    private final Path file;
    private final int magic;
    private FileChannel channel;
    private long records;

    /** Guards the queue and the sequence counters; the channel is guarded by {@code this}. */
    private final Object queueLock = new Object();
    private ByteArrayOutputStream queued = new ByteArrayOutputStream();
    private int queuedRecords;
    private long enqueuedSeq;
    private long durableSeq;
    private IOException failure;
    private boolean closing;
    private Thread writer;

    private RecordLog(Path file, int magic) {
        this.file = file;
        this.magic = magic;
    }

    /** Opens (creating if needed) the log at {@code file}, feeding every intact record to {@code replay}. */
    public static RecordLog open(Path file, String magic, Consumer<byte[]> replay) throws IOException {
        byte[] m = magic.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (m.length != 4) {
            throw new IllegalArgumentException("magic must be 4 ASCII bytes");
        }
        RecordLog log = new RecordLog(file, java.nio.ByteBuffer.wrap(m).getInt());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".tmp"));
        if (!Files.exists(file) || Files.size(file) < RecordFraming.FILE_HEADER) {
            writeFresh(file, log.magic, List.of());
        }
        long good = log.replay(replay);
        log.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        if (log.channel.size() > good) {
            log.channel.truncate(good);
            log.channel.force(true);
        }
        log.channel.position(good);
        log.writer = Thread.ofPlatform().daemon(true).name("record-log-" + file.getFileName()).start(log::writeLoop);
        return log;
    }

    private long replay(Consumer<byte[]> consumer) throws IOException {
        byte[] image = Files.readAllBytes(file);
        if (image.length < RecordFraming.FILE_HEADER || RecordFraming.scan(image, RecordFraming.FILE_HEADER, magic, null)
                != RecordFraming.FILE_HEADER) {
            throw new IOException("bad magic or version in " + file);
        }
        return RecordFraming.scan(image, image.length, magic, (buf, off, len) -> {
            consumer.accept(java.util.Arrays.copyOfRange(buf, off, off + len));
            records++;
        });
    }

    /** Appends records and returns once they are fsynced (sharing the fsync with concurrent appends). */
    public void append(List<byte[]> payloads) throws IOException {
        awaitDurable(enqueue(payloads));
    }

    /**
     * Queues records for the background writer and returns their sequence number without waiting;
     * pass it to {@link #awaitDurable} to wait for the fsync. An empty list returns the last number.
     */
    public long enqueue(List<byte[]> payloads) throws IOException {
        synchronized (queueLock) {
            if (closing) {
                throw new IOException("record log closed [file=" + file + "]");
            }
            if (payloads.isEmpty()) {
                return enqueuedSeq;
            }
            for (byte[] p : payloads) {
                frame(queued, p);
            }
            queuedRecords += payloads.size();
            enqueuedSeq++;
            queueLock.notifyAll();
            return enqueuedSeq;
        }
    }

    /** Waits until everything enqueued up to {@code seq} is written and fsynced. */
    public void awaitDurable(long seq) throws IOException {
        synchronized (queueLock) {
            while (durableSeq < seq) {
                if (failure != null) {
                    throw new IOException("record log write failed [file=" + file + "]", failure);
                }
                if (writer == null || !writer.isAlive()) {
                    throw new IOException("record log writer stopped [file=" + file + "]");
                }
                try {
                    queueLock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted waiting for fsync [file=" + file + "]");
                }
            }
            if (failure != null && durableSeq < seq) {
                throw new IOException("record log write failed [file=" + file + "]", failure);
            }
        }
    }

    /** Waits until everything enqueued so far is durable. */
    public void flush() throws IOException {
        long seq;
        synchronized (queueLock) {
            seq = enqueuedSeq;
        }
        awaitDurable(seq);
    }

    private void writeLoop() {
        while (true) {
            ByteArrayOutputStream batch;
            int n;
            long seq;
            synchronized (queueLock) {
                while (queuedRecords == 0 && !closing) {
                    try {
                        queueLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queuedRecords == 0) {
                    return; // closing and drained
                }
                batch = queued;
                n = queuedRecords;
                seq = enqueuedSeq;
                queued = new ByteArrayOutputStream();
                queuedRecords = 0;
            }
            IOException err = null;
            try {
                synchronized (this) {
                    ByteBuffer buf = ByteBuffer.wrap(batch.toByteArray());
                    while (buf.hasRemaining()) {
                        channel.write(buf);
                    }
                    channel.force(false);
                    records += n;
                }
            } catch (IOException e) {
                err = e;
            }
            synchronized (queueLock) {
                if (err != null) {
                    failure = err;
                } else {
                    durableSeq = seq;
                }
                queueLock.notifyAll();
            }
        }
    }

    /** Number of records in the file (replayed plus appended); callers compact when it grows too large. */
    public synchronized long records() {
        return records;
    }

    /** Atomically replaces the whole log by {@code live} (write temp, fsync, rename). */
    public synchronized void rewrite(List<byte[]> live) throws IOException {
        channel.close();
        writeFresh(file, magic, live);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        channel.position(channel.size());
        records = live.size();
    }

    private static void writeFresh(Path file, int magic, List<byte[]> live) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        bos.write(RecordFraming.fileHeader(magic));
        for (byte[] p : live) {
            frame(bos, p);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bos.toByteArray());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void frame(ByteArrayOutputStream bos, byte[] p) {
        byte[] framed = new byte[RecordFraming.framedSize(p.length)];
        RecordFraming.frame(p, 0, p.length, framed, 0);
        bos.write(framed, 0, framed.length);
    }

    /** Writes and fsyncs what is still queued, then closes the file. */
    @Override
    public void close() throws IOException {
        Thread w;
        synchronized (queueLock) {
            closing = true;
            queueLock.notifyAll();
            w = writer;
        }
        if (w != null) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (channel != null) {
                channel.close();
            }
        }
    }
}
