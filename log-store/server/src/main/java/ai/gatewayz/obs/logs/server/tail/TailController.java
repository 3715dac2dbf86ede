package ai.gatewayz.obs.logs.server.tail;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.StatusTable;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.logs.server.api.LokiTimes;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import ai.gatewayz.obs.logs.tail.TailHub;
import ai.gatewayz.obs.logs.tail.TailSubscription;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Loki's live tail, {@code GET /loki/api/v1/tail} upgraded to a WebSocket (grafana-datasources.md
 * §2.5). The upgrade happens here, in an ordinary handler, so the request passes the tenant and auth
 * filters like every query, and a bad query is answered 400 before any upgrade. Parameters as Loki:
 * {@code query}, {@code delay_for} (seconds, at most 5), {@code limit} (history entries, 100) and
 * {@code start} (when given, history since then is sent first). Messages are written by the
 * subscription's own thread; the client's messages are ignored.
 */
@RestController
public class TailController {
    private static final Logger log = LoggerFactory.getLogger(TailController.class);
    private final TailHub hub;
    private final TenantLogStorages storages;

    public TailController(TailHub hub, TenantLogStorages storages) {
        this.hub = hub;
        this.storages = storages;
    }

    @GetMapping({"/loki/api/v1/tail", "/api/prom/tail"})
    public void tail(HttpServletRequest req, HttpServletResponse resp, @RequestParam(required = false) String query,
            @RequestParam(name = "delay_for", required = false) String delayFor, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String start) throws Exception {
        String tenant = Tenants.resolve(req);
        if (query == null || query.isBlank()) {
            throw CommonErrors.missingParameter("query");
        }
        long delay = integer("delay_for", delayFor, 0);
        hub.validate(query, delay);
        int lim = (int) integer("limit", limit, 100);
        Long startNs = start == null || start.isBlank() ? null : LokiTimes.nanos("start", start, 0);
        String upgrade = req.getHeader("Upgrade");
        if (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
            throw new SuiteException(ErrorKind.BAD_DATA, "tail needs a WebSocket upgrade [header=Upgrade]");
        }
        ServerContainer container = (ServerContainer) req.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new SuiteException(ErrorKind.UNAVAILABLE, "WebSocket support is not initialised [container=none]");
        }
        TailEndpoint endpoint = new TailEndpoint(tenant, query, delay, startNs, lim);
        ServerEndpointConfig cfg = ServerEndpointConfig.Builder.create(TailEndpoint.class, req.getRequestURI())
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(endpoint);
                    }
                }).build();
        container.upgradeHttpToWebSocket(req, resp, cfg, Map.of());
    }

    private static long integer(String name, String raw, long dflt) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            long v = Long.parseLong(raw.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw CommonErrors.invalidParameter(name, raw, "cannot parse %s to a non-negative integer");
    }

    @ExceptionHandler(SuiteException.class)
    public ResponseEntity<String> error(SuiteException e) {
        return ResponseEntity.status(StatusTable.status(e.kind())).contentType(MediaType.TEXT_PLAIN).body(e.getMessage() + "\n");
    }

    /** One WebSocket of a tail; created per upgrade with the request's parameters. */
    final class TailEndpoint extends Endpoint {
        private final String tenant;
        private final String query;
        private final long delay;
        private final Long startNs;
        private final int limit;
        private volatile TailSubscription sub;

        TailEndpoint(String tenant, String query, long delay, Long startNs, int limit) {
            this.tenant = tenant;
            this.query = query;
            this.delay = delay;
            this.startNs = startNs;
            this.limit = limit;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxIdleTimeout(0);
            try (LogQuerier history = storages.forTenant(tenant).querier()) {
                sub = hub.open(tenant, query, delay, startNs, limit, history, text -> session.getBasicRemote().sendText(text));
            } catch (SuiteException e) {
                close(session, e.getMessage());
            } catch (IOException | RuntimeException e) {
                log.warn("tail could not start [tenant={}, query={}]", tenant, query, e);
                close(session, "tail could not start");
            }
        }

        private void close(Session session, String reason) {
            try {
                String r = reason.length() > 120 ? reason.substring(0, 120) : reason;
                session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, r));
            } catch (IOException ignored) {
                // the client is gone already
            }
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            TailSubscription s = sub;
            if (s != null) {
                hub.close(s);
            }
        }

        @Override
        public void onError(Session session, Throwable error) {
            onClose(session, null);
        }
    }
}
