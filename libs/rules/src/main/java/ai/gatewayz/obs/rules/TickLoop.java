package ai.gatewayz.obs.rules;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wall-time driver of rule evaluation: one daemon thread that runs a step (look for due groups,
 * and whatever else the owner does per tick) every {@code periodMs} until closed. A step that throws
 * is logged and the loop goes on; the schedule itself (which slot is due) lives in the step, on the
 * owner's injected clock, so virtual-time tests call the step directly and never start a loop.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread, more than once; it interrupts the
 * thread and waits for the step in progress to end (at most 5 s).
 */
public final class TickLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TickLoop.class);

    private final Thread thread;
    private volatile boolean closed;

    private TickLoop(String name, long periodMs, Runnable step) {
        thread = Thread.ofPlatform().daemon().name(name).unstarted(() -> {
            while (!closed) {
                try {
                    step.run();
                    Thread.sleep(periodMs);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("rule evaluation tick failed [loop={}]", name, e);
                }
            }
        });
    }

    /** Starts a thread named {@code name} running {@code step} every {@code periodMs}. */
    public static TickLoop start(String name, long periodMs, Runnable step) {
        TickLoop l = new TickLoop(name, periodMs, step);
        l.thread.start();
        return l;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
