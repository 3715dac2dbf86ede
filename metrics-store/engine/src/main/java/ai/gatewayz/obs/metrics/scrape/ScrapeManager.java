package ai.gatewayz.obs.metrics.scrape;

import ai.gatewayz.obs.metrics.storage.Storage;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link ScrapeLoop} per target on a timer, each at a stable offset inside its interval
 * (derived from the target's labels, like Prometheus) so targets do not all fire at once.
 * Thread-safe; {@link #close()} stops every loop. Its pools, one per job, are fixed at construction.
 */
public final class ScrapeManager implements AutoCloseable, ScrapeTargets {
    private static final System.Logger LOG = System.getLogger(ScrapeManager.class.getName());
    private final List<ScrapeLoop> loops = new ArrayList<>();
    private final List<ScrapePool> pools;
    private final List<ScheduledFuture<?>> futures = new ArrayList<>();
    private final ScheduledExecutorService timer;

    public ScrapeManager(List<ScrapeConfig> configs, Storage storage, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        java.util.TreeMap<String, ScrapePool> byName = new java.util.TreeMap<>();
        for (ScrapeConfig c : configs) {
            ScrapeTarget.Discovery d = ScrapeTarget.discover(c);
            List<ScrapeLoop> poolLoops = new ArrayList<>();
            for (ScrapeTarget t : d.active()) {
                poolLoops.add(new ScrapeLoop(t, storage, http, clock));
            }
            loops.addAll(poolLoops);
            byName.put(c.jobName(), new ScrapePool(c.jobName(), poolLoops, d.dropped()));
        }
        pools = List.copyOf(byName.values());
        timer = Executors.newScheduledThreadPool(Math.max(1, Math.min(4, loops.size())), r -> {
            Thread th = new Thread(r, "scrape");
            th.setDaemon(true);
            return th;
        });
    }

    public List<ScrapeLoop> loops() {
        return List.copyOf(loops);
    }

    @Override
    public List<ScrapePool> pools() {
        return pools;
    }

    public synchronized void start() {
        for (ScrapeLoop l : loops) {
            long interval = l.target().interval().toMillis();
            long offset = Math.floorMod(l.target().labels().hash64(), interval);
            futures.add(timer.scheduleAtFixedRate(() -> {
                try {
                    l.scrapeOnce();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "scrape loop failed [target=" + l.target().url() + "]", e);
                }
            }, offset, interval, TimeUnit.MILLISECONDS));
            LOG.log(System.Logger.Level.INFO, "scraping [target=" + l.target().url() + ", labels=" + l.target().labels()
                    + ", interval=" + interval + "ms]");
        }
    }

    @Override
    public synchronized void close() {
        futures.forEach(f -> f.cancel(false));
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
