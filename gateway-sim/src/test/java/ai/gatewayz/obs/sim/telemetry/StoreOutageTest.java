package ai.gatewayz.obs.sim.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With every store unreachable, the exporters keep accepting work without blocking or throwing,
 * drop what does not fit their bounded buffers, and say so exactly once per store.
 */
class StoreOutageTest {
    private final ListAppender<ILoggingEvent> notices = new ListAppender<>();
    private Logger noticeLogger;

    @BeforeEach
    void capture() {
        noticeLogger = (Logger) LoggerFactory.getLogger(OutageNotice.class);
        notices.start();
        noticeLogger.addAppender(notices);
    }

    @AfterEach
    void release() {
        noticeLogger.detachAppender(notices);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private long count(String text) {
        return notices.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }

    @Test
    void traceStoreDownDropsSpansAndLogsOnce() throws Exception {
        int port = closedPort();
        try (Tracing tracing = new Tracing(new Tracing.Options("http/protobuf", "http://127.0.0.1:" + port, "gatewayz-api", "test", 256, 64,
            Duration.ofMillis(20), false))) {
            Tracer tracer = tracing.tracer();
            for (int i = 0; i < 5_000; i++) {
                tracer.spanBuilder("s" + i).startSpan().end();
            }
            for (int i = 0; i < 20 && tracing.exporter().dropped() < 5_000 - 256; i++) {
                Thread.sleep(100);
            }
            tracing.flush();
            assertThat(tracing.exporter().exported()).isZero();
            assertThat(tracing.exporter().dropped()).isPositive();
        }
        assertThat(count("trace store unreachable")).isEqualTo(1);
    }

    @Test
    void grpcExporterAgainstADeadStoreAlsoDropsAndLogsOnce() throws Exception {
        int port = closedPort();
        try (Tracing tracing = new Tracing(new Tracing.Options("grpc", "http://127.0.0.1:" + port, "gatewayz-api", "test", 128, 32,
            Duration.ofMillis(20), false))) {
            for (int i = 0; i < 1_000; i++) {
                tracing.tracer().spanBuilder("g" + i).startSpan().end();
            }
            for (int i = 0; i < 30 && tracing.exporter().dropped() == 0; i++) {
                Thread.sleep(100);
            }
            assertThat(tracing.exporter().dropped()).isPositive();
        }
        assertThat(count("trace store unreachable at http://127.0.0.1:" + port)).isEqualTo(1);
    }

    @Test
    void logStoreDownKeepsLoggingAndSaysSoOnce() throws Exception {
        int port = closedPort();
        // loki4j reports each failed batch as an ERROR status; count them to know that several
        // failures happened, so that "logged once" is a claim about several failures, not one.
        ch.qos.logback.classic.LoggerContext ctx = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
        java.util.concurrent.atomic.AtomicInteger failedBatches = new java.util.concurrent.atomic.AtomicInteger();
        ch.qos.logback.core.status.StatusListener failures = st -> {
            if (st.getLevel() >= ch.qos.logback.core.status.Status.ERROR && st.getOrigin() != null
                    && st.getOrigin().getClass().getName().startsWith("com.github.loki4j")) {
                failedBatches.incrementAndGet();
            }
        };
        LokiLogging loki = new LokiLogging(new LokiLogging.Options("http://127.0.0.1:" + port + "/loki/api/v1/push", "gatewayz-api", "test",
            "gatewayz-api", false, 256 * 1024, 50, null));
        // added after LokiLogging, which wraps the listeners present then to hide loki4j's statuses
        ctx.getStatusManager().add(failures);
        try {
            org.slf4j.Logger log = LoggerFactory.getLogger("src.routes.chat");
            for (int i = 0; i < 1_500; i++) {
                log.info("line {} with some payload to fill the bounded send queue quickly {}", i, "x".repeat(200));
            }
            for (int i = 0; i < 100 && failedBatches.get() < 2; i++) {
                Thread.sleep(100);
            }
        } finally {
            loki.close();
            ctx.getStatusManager().remove(failures);
        }
        assertThat(failedBatches.get()).as("failed batches seen").isGreaterThanOrEqualTo(2);
        assertThat(count("log store unreachable")).isEqualTo(1);
    }

    @Test
    void noticeIsOncePerOutageEpisode() {
        OutageNotice n = new OutageNotice("profile store", "http://x");
        for (int i = 0; i < 100; i++) {
            n.failed("refused");
        }
        n.succeeded();
        n.succeeded();
        n.failed("refused");
        List<String> lines = notices.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).filteredOn(s -> s.contains("profile store unreachable")).hasSize(2);
        assertThat(lines).filteredOn(s -> s.contains("profile store reachable again")).hasSize(1);
    }
}
