package ai.gatewayz.obs.sim.telemetry;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs "store unreachable" once when a telemetry store starts failing and once when it recovers,
 * never per request or per batch. Thread-safe.
 */
public final class OutageNotice {
    private static final Logger LOG = LoggerFactory.getLogger(OutageNotice.class);
    private final String store;
    private final String target;
    private final AtomicBoolean down = new AtomicBoolean();

    public OutageNotice(String store, String target) {
        this.store = store;
        this.target = target;
    }

    public void failed(String why) {
        if (down.compareAndSet(false, true)) {
            LOG.warn("{} unreachable at {} ({}); telemetry is buffered in a bounded queue and dropped when it is full, the gateway keeps serving",
                store, target, why);
        }
    }

    public void succeeded() {
        if (down.compareAndSet(true, false)) {
            LOG.info("{} reachable again at {}", store, target);
        }
    }

    public boolean down() {
        return down.get();
    }
}
