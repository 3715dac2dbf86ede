package ai.gatewayz.obs.logs.tail;

import ai.gatewayz.obs.common.JsonStrings;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.storage.LogEntry;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One live tail: a bounded queue of matched entries and the loop that sends them as Loki's tail
 * messages ({@code streams} grouped by stream, {@code dropped_entries}). When the client reads
 * slower than lines arrive, the queue fills and further entries are dropped and reported in the next
 * message instead of being buffered without bound. {@code delay_for} holds each entry back for that
 * long after it arrived. Offers come from pushing threads and the loop runs on its own thread; the
 * queue is guarded by the instance's monitor.
 */
public final class TailSubscription {
    private record Pending(Labels labels, LogEntry entry, long dueMillis) {
    }

    private record Dropped(Labels labels, long timestampNanos) {
    }

    final String tenant;
    final String query;
    final List<ai.gatewayz.obs.common.LabelMatcher> matchers;
    private final TailOptions options;
    private final TailSink sink;
    private final Clock clock;
    private final long delayMillis;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final List<Dropped> dropped = new ArrayList<>();
    private long droppedTotal;
    private long sentEntries;
    private boolean closed;

    TailSubscription(String tenant, String query, List<ai.gatewayz.obs.common.LabelMatcher> matchers, long delayMillis,
            TailOptions options, TailSink sink, Clock clock) {
        this.tenant = tenant;
        this.query = query;
        this.matchers = matchers;
        this.delayMillis = delayMillis;
        this.options = options;
        this.sink = sink;
        this.clock = clock;
    }

    /** Queues the entries of a pipeline result, dropping what does not fit. */
    synchronized void offer(LogqlResult.Streams result) {
        if (closed) {
            return;
        }
        long due = clock.millis() + delayMillis;
        for (LogqlResult.Stream s : result.streams()) {
            for (LogEntry e : s.entries()) {
                if (queue.size() < options.maxBufferedEntries()) {
                    queue.add(new Pending(s.labels(), e, due));
                } else {
                    droppedTotal++;
                    if (dropped.size() < options.maxDroppedReported()) {
                        dropped.add(new Dropped(s.labels(), e.timestampNanos()));
                    }
                }
            }
        }
        notifyAll();
    }

    /** Sends the history answer of a {@code start} parameter before anything live. */
    void sendNow(LogqlResult.Streams history) throws IOException {
        if (!history.streams().isEmpty()) {
            List<Pending> p = new ArrayList<>();
            for (LogqlResult.Stream s : history.streams()) {
                for (LogEntry e : s.entries()) {
                    p.add(new Pending(s.labels(), e, 0));
                }
            }
            sink.send(message(p, List.of()));
            sentEntries += p.size();
        }
    }

    /** The sending loop; returns when the subscription is closed or the sink fails. */
    void run() throws InterruptedException {
        while (true) {
            List<Pending> batch = new ArrayList<>();
            List<Dropped> drops;
            synchronized (this) {
                while (!closed && (queue.isEmpty() || queue.peek().dueMillis() > clock.millis()) && dropped.isEmpty()) {
                    long wait = queue.isEmpty() ? 0 : Math.max(1, queue.peek().dueMillis() - clock.millis());
                    wait(wait);
                }
                if (closed) {
                    return;
                }
                long now = clock.millis();
                while (!queue.isEmpty() && queue.peek().dueMillis() <= now && batch.size() < options.maxEntriesPerMessage()) {
                    batch.add(queue.poll());
                }
                drops = List.copyOf(dropped);
                dropped.clear();
            }
            try {
                sink.send(message(batch, drops));
                synchronized (this) {
                    sentEntries += batch.size();
                }
            } catch (IOException | RuntimeException e) {
                close();
                return;
            }
        }
    }

    synchronized void close() {
        closed = true;
        queue.clear();
        dropped.clear();
        notifyAll();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Entries dropped so far because the client fell behind. */
    public synchronized long droppedTotal() {
        return droppedTotal;
    }

    public synchronized long sentEntries() {
        return sentEntries;
    }

    static String message(List<Pending> batch, List<Dropped> drops) {
        Map<Labels, List<LogEntry>> byStream = new LinkedHashMap<>();
        for (Pending p : batch) {
            byStream.computeIfAbsent(p.labels(), l -> new ArrayList<>()).add(p.entry());
        }
        StringBuilder sb = new StringBuilder(128 + batch.size() * 64);
        sb.append("{\"streams\":[");
        boolean first = true;
        for (Map.Entry<Labels, List<LogEntry>> e : byStream.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"stream\":");
            labels(sb, e.getKey());
            sb.append(",\"values\":[");
            for (int i = 0; i < e.getValue().size(); i++) {
                LogEntry le = e.getValue().get(i);
                if (i > 0) {
                    sb.append(',');
                }
                sb.append("[\"").append(le.timestampNanos()).append("\",");
                JsonStrings.appendGo(sb, le.line());
                sb.append(']');
            }
            sb.append("]}");
        }
        sb.append("],\"dropped_entries\":[");
        for (int i = 0; i < drops.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"labels\":");
            labels(sb, drops.get(i).labels());
            sb.append(",\"timestamp\":\"").append(drops.get(i).timestampNanos()).append("\"}");
        }
        return sb.append("]}").toString();
    }

    private static void labels(StringBuilder sb, Labels l) {
        sb.append('{');
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            JsonStrings.appendGo(sb, l.name(i));
            sb.append(':');
            JsonStrings.appendGo(sb, l.value(i));
        }
        sb.append('}');
    }
}
