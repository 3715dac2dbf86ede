package ai.gatewayz.obs.logs.server.ruler;

import ai.gatewayz.obs.alertmanager.AlertmanagerTarget;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.ruler.RulerOptions;
import ai.gatewayz.obs.logs.ruler.TenantRemoteWrite;
import ai.gatewayz.obs.remotewrite.RemoteWriteOptions;
import ai.gatewayz.obs.rules.RulesOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ruler's effective settings: the configuration file's {@code ruler:} block where it sets a key,
 * else {@code log.ruler.*}, else the environment defaults ({@code METRICS_STORE_URL},
 * {@code ALERTMANAGER_URL}). External labels go on alerts and, where a series lacks them, on
 * remote-written samples (wire-protocols.md §1.6). Immutable.
 */
public record RulerSettings(boolean enabled, boolean enableApi, RulerOptions options, List<AlertmanagerTarget> alertmanagers,
        List<TenantRemoteWrite.Destination> remoteWrite, Path directory, List<String> warnings) {

    static RulerSettings resolve(LokiRulerConfig cfg, RulerProperties p, String dataDir, String metricsStoreUrl,
            String alertmanagerEnv) {
        long eval = cfg.evaluationIntervalMs() != null ? cfg.evaluationIntervalMs() : p.evaluationInterval().toMillis();
        long poll = cfg.pollIntervalMs() != null ? cfg.pollIntervalMs() : p.pollInterval().toMillis();
        Labels ext = cfg.externalLabels() == null ? Labels.EMPTY : Labels.fromMap(cfg.externalLabels());
        String extUrl = cfg.externalUrl() != null ? cfg.externalUrl() : p.externalUrl();
        RulesOptions ro = RulesOptions.defaults().withExternalLabels(ext).withExternalURL(extUrl)
                .withResendDelay(p.resendDelay().toMillis());
        RulesOptions d = RulesOptions.defaults();
        ro = ro.withForState(cfg.forOutageToleranceMs() != null ? cfg.forOutageToleranceMs() : d.outageToleranceMs(),
                cfg.forGracePeriodMs() != null ? cfg.forGracePeriodMs() : d.forGracePeriodMs());
        List<String> amUrls = cfg.alertmanagerUrls();
        if (amUrls == null) {
            String s = !p.alertmanagerUrl().isBlank() ? p.alertmanagerUrl() : alertmanagerEnv == null ? "" : alertmanagerEnv;
            amUrls = new ArrayList<>();
            for (String u : s.split(",")) {
                if (!u.isBlank()) {
                    amUrls.add(u.trim());
                }
            }
        }
        List<AlertmanagerTarget> ams = new ArrayList<>();
        for (String u : amUrls) {
            ams.add(new AlertmanagerTarget(u.replaceAll("/+$", ""), "v2", 10_000, null));
        }
        List<TenantRemoteWrite.Destination> rw = new ArrayList<>();
        if (cfg.remoteWriteEnabled() != null) {
            if (cfg.remoteWriteEnabled()) {
                cfg.clients().forEach((name, c) -> rw.add(new TenantRemoteWrite.Destination(name,
                        options(c.url(), p).withHeaders(c.headers()).withExternalLabels(ext))));
            }
        } else {
            String url = !p.remoteWriteUrl().isBlank() ? p.remoteWriteUrl() : writeUrl(metricsStoreUrl);
            if (!url.isBlank()) {
                rw.add(new TenantRemoteWrite.Destination("metrics-store", options(url, p).withExternalLabels(ext)));
            }
        }
        Path dir = cfg.directory() != null ? Path.of(cfg.directory())
                : !p.directory().isBlank() ? Path.of(p.directory()) : Path.of(dataDir).resolve("rules");
        return new RulerSettings(p.enabled(), cfg.enableApi() != null ? cfg.enableApi() : p.enableApi(),
                new RulerOptions(eval, poll, ro), List.copyOf(ams), List.copyOf(rw), dir.toAbsolutePath(), cfg.warnings());
    }

    private static RemoteWriteOptions options(String url, RulerProperties p) {
        RemoteWriteOptions d = RemoteWriteOptions.defaults(URI.create(url));
        return d.withQueue(d.shards(), Math.max(p.remoteWriteCapacity(), d.maxSamplesPerSend()), d.maxSamplesPerSend(),
                d.batchSendDeadlineMs()).withMaxSampleAge(p.remoteWriteMaxSampleAge().toMillis());
    }

    /** {@code METRICS_STORE_URL} is the store's base URL; its remote-write path is appended unless given. */
    static String writeUrl(String base) {
        if (base == null || base.isBlank()) {
            return "";
        }
        String b = base.trim().replaceAll("/+$", "");
        return b.endsWith("/api/v1/write") || b.endsWith("/api/v1/push") ? b : b + "/api/v1/write";
    }
}
