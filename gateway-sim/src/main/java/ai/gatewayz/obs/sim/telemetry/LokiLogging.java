package ai.gatewayz.obs.sim.telemetry;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import com.github.loki4j.logback.Loki4jAppender;
import com.github.loki4j.logback.PipelineConfigAppenderBase;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Attaches loki4j's logback appender to the root logger: JSON push (loki4j's default API) to the
 * configured URL, LOW-cardinality stream labels only ({@code app}, {@code environment},
 * {@code service}, {@code level}), and {@code trace_id}, {@code span_id}, {@code user},
 * {@code api_key_hash}, {@code provider}, {@code model}, {@code error_type} as structured metadata
 * from the MDC. The send queue is bounded
 * ({@code sendQueueMaxBytes}); when the log store is down, batches are dropped and the condition is
 * logged once. {@link #close()} detaches and stops (flushing what it can).
 */
public final class LokiLogging implements AutoCloseable {
    /** Settings; {@code token}, when not blank, is sent as the basic-auth password (the log store's ingest token). */
    public record Options(String url, String app, String environment, String service, boolean protobuf, long sendQueueMaxBytes,
                          long batchTimeoutMs, String tenant, String token) {
        public Options(String url, String app, String environment, String service, boolean protobuf, long sendQueueMaxBytes,
                       long batchTimeoutMs, String tenant) {
            this(url, app, environment, service, protobuf, sendQueueMaxBytes, batchTimeoutMs, tenant, "");
        }
    }

    public static final String APPENDER_NAME = "GATEWAYZ_LOKI";
    /**
     * loki4j's structured-metadata pattern: one {@code key=logback pattern} per line. Public so that
     * tests feeding a log store in virtual time attach exactly what the appender attaches.
     */
    public static final String METADATA_PATTERN = "trace_id=%mdc{trace_id}\nspan_id=%mdc{span_id}\nuser=%mdc{user}"
        + "\napi_key_hash=%mdc{api_key_hash}\nprovider=%mdc{provider}\nmodel=%mdc{model}\nerror_type=%mdc{error_type}\nlogger=%logger";
    private final Loki4jAppender appender;
    private final LoggerContext context;
    private final StatusListener listener;
    private final OutageNotice notice;
    private final long lingerMs;

    @SuppressWarnings("unchecked")
    public LokiLogging(Options o) {
        if (o.protobuf()) {
            try {
                Class.forName("com.github.loki4j.pkg.loki.protobuf.Push", false, LokiLogging.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("sim.logs.protobuf=true needs com.github.loki4j:loki-protobuf (and snappy-java) on the class path;"
                    + " gateway-sim ships loki4j's default JSON API only", e);
            }
        }
        context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Object registry = context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        Map<String, Supplier<DynamicConverter<?>>> rules = registry instanceof Map<?, ?> m
            ? (Map<String, Supplier<DynamicConverter<?>>>) m : new HashMap<>();
        rules.put("pylevel", PythonLevelConverter::new);
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);

        notice = new OutageNotice("log store", o.url());
        lingerMs = o.batchTimeoutMs() + 200;
        listener = new StatusListener() {
            @Override
            public void addStatusEvent(Status s) {
                if (fromLoki4j(s) && s.getLevel() >= Status.ERROR) {
                    notice.failed(s.getMessage().length() > 200 ? s.getMessage().substring(0, 200) : s.getMessage());
                }
            }

            @Override
            public boolean isResetResistant() {
                return false;
            }
        };
        appender = new Loki4jAppender();
        appender.setContext(context);
        appender.setName(APPENDER_NAME);
        PipelineConfigAppenderBase.HttpCfg http = new PipelineConfigAppenderBase.HttpCfg();
        http.setUrl(o.url());
        http.setRequestTimeoutMs(5_000);
        http.setConnectionTimeoutMs(2_000);
        http.setMaxRetries(1);
        http.setUseProtobufApi(o.protobuf());
        if (o.token() != null && !o.token().isBlank()) {
            PipelineConfigAppenderBase.BasicAuth auth = new PipelineConfigAppenderBase.BasicAuth();
            auth.setUsername("gateway-sim");
            auth.setPassword(o.token());
            http.setAuth(auth);
        }
        if (o.tenant() != null && !o.tenant().isBlank()) {
            http.setTenantId(o.tenant());
        }
        appender.setHttp(http);
        PipelineConfigAppenderBase.BatchCfg batch = new PipelineConfigAppenderBase.BatchCfg();
        batch.setMaxItems(1000);
        batch.setMaxBytes((int) Math.min(1 << 20, Math.max(64 << 10, o.sendQueueMaxBytes() / 8)));
        batch.setTimeoutMs(o.batchTimeoutMs());
        batch.setSendQueueMaxBytes(o.sendQueueMaxBytes());
        // draining against a dead store would hold shutdown for the retry timeouts; close() lingers instead
        batch.setDrainOnStop(false);
        appender.setBatch(batch);
        appender.setLabels(labelPattern(o));
        appender.setStructuredMetadata(METADATA_PATTERN);
        BackendJsonLayout layout = new BackendJsonLayout();
        layout.setContext(context);
        layout.start();
        appender.setMessage(layout);
        quietLoki4jOnConsole();
        context.getStatusManager().add(listener);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    /**
     * Keeps the per-request lines of the simulated backend (loggers {@code src.*}) out of the console
     * appenders; they still reach every other appender, loki4j included.
     */
    public static void quietRequestLinesOnConsole() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        var it = ctx.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        while (it.hasNext()) {
            var a = it.next();
            if (a instanceof ch.qos.logback.core.ConsoleAppender<?> console) {
                @SuppressWarnings("unchecked")
                var c = (ch.qos.logback.core.ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent>) console;
                ch.qos.logback.core.filter.Filter<ch.qos.logback.classic.spi.ILoggingEvent> f = new ch.qos.logback.core.filter.Filter<>() {
                    @Override
                    public ch.qos.logback.core.spi.FilterReply decide(ch.qos.logback.classic.spi.ILoggingEvent e) {
                        return e.getLoggerName().startsWith("src.") ? ch.qos.logback.core.spi.FilterReply.DENY
                            : ch.qos.logback.core.spi.FilterReply.NEUTRAL;
                    }
                };
                f.start();
                c.addFilter(f);
            }
        }
    }

    /** loki4j's stream-label pattern for these options (the same form as {@link #METADATA_PATTERN}). */
    public static String labelPattern(Options o) {
        return "app=" + o.app() + "\nenvironment=" + o.environment() + "\nservice=" + o.service() + "\nlevel=%pylevel";
    }

    private static boolean fromLoki4j(Status s) {
        Object origin = s.getOrigin();
        return origin != null && origin.getClass().getName().startsWith("com.github.loki4j");
    }

    /**
     * Console status listeners print every failed batch with a stack trace; loki4j's statuses are
     * filtered out of them (the outage is reported once through {@link OutageNotice} instead).
     */
    private void quietLoki4jOnConsole() {
        var sm = context.getStatusManager();
        for (StatusListener l : sm.getCopyOfStatusListenerList()) {
            if (l instanceof QuietLoki4j) {
                continue;
            }
            sm.remove(l);
            sm.add(new QuietLoki4j(l));
        }
    }

    /** Forwards every status except loki4j's. */
    private record QuietLoki4j(StatusListener delegate) implements StatusListener {
        @Override
        public void addStatusEvent(Status s) {
            if (!fromLoki4j(s)) {
                delegate.addStatusEvent(s);
            }
        }

        @Override
        public boolean isResetResistant() {
            return delegate.isResetResistant();
        }
    }

    @Override
    public void close() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        if (!notice.down()) {
            try {
                Thread.sleep(lingerMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        appender.stop();
        context.getStatusManager().remove(listener);
    }
}
