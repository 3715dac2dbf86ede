package ai.gatewayz.obs.logs.logql.script;

import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.common.GoStrings;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.logs.logql.LogqlQueries;
import ai.gatewayz.obs.logs.logql.LogqlRequest;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.logql.parser.GoDurations;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.LogStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs LogQL scripts (format in src/test/resources/logql/README.md) against any LogStorage the
 * factory makes and any LogqlQueries. One runner per script; not thread-safe.
 */
public final class LogqlScriptRunner {
    /** The outcome of one eval: null failure means it passed. */
    public record Outcome(int line, String query, String failure) {}

    private static final Pattern LABELS = Pattern.compile("^(\\{(?:[^}\"]|\"(?:[^\"\\\\]|\\\\.)*\")*\\})\\s*(.*)$");
    private static final Pattern PAIR = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Supplier<LogStorage> factory;
    private final UnaryOperator<LogStorage> settle;
    private final LogqlQueries engine;
    private LogStorage storage;

    public LogqlScriptRunner(Supplier<LogStorage> factory, LogqlQueries engine) {
        this(factory, UnaryOperator.identity(), engine);
    }

    /** {@code settle} runs after every load and returns the storage to query (it may flush and reopen). */
    public LogqlScriptRunner(Supplier<LogStorage> factory, UnaryOperator<LogStorage> settle, LogqlQueries engine) {
        this.factory = factory;
        this.settle = settle;
        this.engine = engine;
    }

    public List<Outcome> run(String script) {
        List<Outcome> out = new ArrayList<>();
        String[] lines = script.split("\n", -1);
        storage = factory.get();
        try {
            int i = 0;
            while (i < lines.length) {
                String l = lines[i].strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    i++;
                    continue;
                }
                int start = i;
                List<String> body = new ArrayList<>();
                i++;
                while (i < lines.length && !lines[i].strip().isEmpty() && !lines[i].strip().startsWith("#")) {
                    body.add(lines[i].strip());
                    i++;
                }
                if (l.equals("load")) {
                    load(body, start + 1);
                    storage = settle.apply(storage);
                } else if (l.equals("clear")) {
                    storage.close();
                    storage = factory.get();
                } else if (l.startsWith("eval")) {
                    out.add(eval(l, body, start + 1));
                } else {
                    throw new IllegalArgumentException("line " + (start + 1) + ": unknown command: " + l);
                }
            }
        } finally {
            storage.close();
        }
        return out;
    }

    // ------------------------------------------------------------------ load

    private void load(List<String> body, int lineNo) {
        LogAppender app = storage.appender();
        for (String b : body) {
            // <time> {stream} "line" [{metadata}]
            int sp = b.indexOf(' ');
            long ts = time(b.substring(0, sp));
            Matcher m = LABELS.matcher(b.substring(sp + 1).strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("line " + lineNo + ": bad load line: " + b);
            }
            Labels stream = labels(m.group(1));
            String rest = m.group(2).strip();
            int end = stringEnd(rest);
            String text = GoStrings.unquote(rest.substring(0, end));
            String meta = rest.substring(end).strip();
            app.append(stream, new LogEntry(ts, text, meta.isEmpty() ? Labels.EMPTY : labels(meta)));
        }
        app.commit();
    }

    private static int stringEnd(String s) {
        char q = s.charAt(0);
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && q == '"') {
                i++;
            } else if (c == q) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unterminated string: " + s);
    }

    static Labels labels(String braces) {
        Labels.Builder b = Labels.builder();
        Matcher m = PAIR.matcher(braces);
        while (m.find()) {
            b.set(m.group(1), GoStrings.unquote("\"" + m.group(2) + "\""));
        }
        return b.build();
    }

    /** A time: a Go duration after the epoch ({@code 1m30s}, {@code 0}) or {@code <n>ns}. */
    static long time(String s) {
        Long n = GoDurations.parseNanos(s);
        if (n == null) {
            throw new IllegalArgumentException("bad time: " + s);
        }
        return n;
    }

    // ------------------------------------------------------------------ eval

    private Outcome eval(String head, List<String> body, int lineNo) {
        // eval log <start> <end> <forward|backward> <limit> <query>
        // eval instant <time> <query>
        // eval range <start> <end> <step> <query>
        // eval_fail <log|instant|range> ... <query>   with body "error <message>"
        boolean fail = head.startsWith("eval_fail");
        String[] w = head.split("\\s+", 2)[1].split("\\s+", 0);
        String kind = w[0];
        int argc = switch (kind) {
            case "log" -> 4;
            case "instant" -> 1;
            case "range" -> 3;
            default -> throw new IllegalArgumentException("line " + lineNo + ": unknown eval kind " + kind);
        };
        String rest = head.split("\\s+", 2)[1].strip();
        for (int k = 0; k <= argc; k++) {
            rest = rest.substring(rest.indexOf(' ') + 1).strip();
        }
        String query = rest.replace("\\n", "\n");
        LogqlRequest req = switch (kind) {
            case "log" -> new LogqlRequest(query, time(w[1]), time(w[2]), 1, Direction.valueOf(w[3].toUpperCase()),
                    Integer.parseInt(w[4]));
            case "instant" -> new LogqlRequest(query, time(w[1]), time(w[1]), 0, Direction.BACKWARD, 100);
            default -> new LogqlRequest(query, time(w[1]), time(w[2]), time(w[3]), Direction.BACKWARD, 100);
        };
        LogqlResult result;
        try (LogQuerier q = storage.querier()) {
            result = engine.evaluate(q, req);
        } catch (SuiteException e) {
            if (!fail) {
                return new Outcome(lineNo, query, "unexpected error: " + e.getMessage());
            }
            String want = body.isEmpty() ? null : body.get(0);
            if (want != null && want.startsWith("error ")) {
                String msg = want.substring("error ".length()).replace("\\n", "\n");
                if (!e.getMessage().equals(msg)) {
                    return new Outcome(lineNo, query, "error message\n  want: " + msg + "\n  got:  " + e.getMessage());
                }
            }
            return new Outcome(lineNo, query, null);
        }
        if (fail) {
            return new Outcome(lineNo, query, "expected an error, got " + render(result));
        }
        String want = String.join("\n", body);
        String got = render(result);
        return new Outcome(lineNo, query, want.equals(got) ? null : "result\n--- want\n" + want + "\n--- got\n" + got);
    }

    /** The canonical text of a result, as the expectation lines spell it. */
    static String render(LogqlResult r) {
        List<String> out = new ArrayList<>();
        switch (r) {
            case LogqlResult.Streams s -> {
                for (LogqlResult.Stream st : s.streams()) {
                    for (LogEntry e : st.entries()) {
                        out.add(st.labels() + " " + nanos(e.timestampNanos()) + " " + GoStrings.quote(e.line()));
                    }
                }
            }
            case LogqlResult.Matrix m -> {
                for (LogqlResult.Series s : m.series()) {
                    StringBuilder sb = new StringBuilder(s.labels().toString());
                    for (int i = 0; i < s.values().length; i++) {
                        sb.append(' ').append(s.timestampsMillis()[i] / 1000.0 == Math.floor(s.timestampsMillis()[i] / 1000.0)
                                ? Long.toString(s.timestampsMillis()[i] / 1000) : Double.toString(s.timestampsMillis()[i] / 1000.0))
                                .append("s=").append(GoFloat.formatPlain(s.values()[i]));
                    }
                    out.add(sb.toString());
                }
            }
            case LogqlResult.Vector v -> {
                for (LogqlResult.Sample s : v.samples()) {
                    out.add(s.labels() + " " + GoFloat.formatPlain(s.value()));
                }
            }
            case LogqlResult.Scalar s -> out.add("scalar " + GoFloat.formatPlain(s.value()));
        }
        return String.join("\n", out);
    }

    private static String nanos(long ns) {
        if (ns % 1_000_000_000L == 0) {
            return ns / 1_000_000_000L + "s";
        }
        if (ns % 1_000_000L == 0) {
            return ns / 1_000_000L + "ms";
        }
        return ns + "ns";
    }
}
