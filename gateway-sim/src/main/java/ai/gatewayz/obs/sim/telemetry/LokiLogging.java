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
 * {@code provider}, {@code model} as structured metadata from the MDC. The send queue is bounded
 * ({@code sendQueueMaxBytes}); when the log store is down, batches are dropped and the condition is
 * logged once. {@link #close()} detaches and stops (flushing what it can).
 */
public final class LokiLogging implements AutoCloseable {
    /** Settings. */
    public record Options(String url, String app, String environment, String service, boolean protobuf, long sendQueueMaxBytes,
                          long batchTimeoutMs, String tenant) {
    }

    public static final String APPENDER_NAME = "GATEWAYZ_LOKI";
    private final Loki4jAppender appender;
    private final LoggerContext context;
    private final StatusListener listener;

    @SuppressWarnings("unchecked")
    public LokiLogging(Options o) {
        context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Object registry = context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        Map<String, Supplier<DynamicConverter<?>>> rules = registry instanceof Map<?, ?> m
            ? (Map<String, Supplier<DynamicConverter<?>>>) m : new HashMap<>();
        rules.put("pylevel", PythonLevelConverter::new);
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);

        OutageNotice notice = new OutageNotice("log store", o.url());
        listener = new StatusListener() {
            @Override
            public void addStatusEvent(Status s) {
                if (s.getOrigin() == appender && s.getLevel() >= Status.WARN) {
                    notice.failed(s.getMessage());
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
        if (o.tenant() != null && !o.tenant().isBlank()) {
            http.setTenantId(o.tenant());
        }
        appender.setHttp(http);
        PipelineConfigAppenderBase.BatchCfg batch = new PipelineConfigAppenderBase.BatchCfg();
        batch.setMaxItems(1000);
        batch.setTimeoutMs(o.batchTimeoutMs());
        batch.setSendQueueMaxBytes(o.sendQueueMaxBytes());
        batch.setDrainOnStop(true);
        appender.setBatch(batch);
        appender.setLabels("app=" + o.app() + "\nenvironment=" + o.environment() + "\nservice=" + o.service() + "\nlevel=%pylevel");
        appender.setStructuredMetadata("trace_id=%mdc{trace_id}\nspan_id=%mdc{span_id}\nuser=%mdc{user}\nprovider=%mdc{provider}\nmodel=%mdc{model}"
            + "\nlogger=%logger");
        BackendJsonLayout layout = new BackendJsonLayout();
        layout.setContext(context);
        layout.start();
        appender.setMessage(layout);
        context.getStatusManager().add(listener);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    @Override
    public void close() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        context.getStatusManager().remove(listener);
    }
}
