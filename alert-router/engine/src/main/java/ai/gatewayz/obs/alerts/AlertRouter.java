package ai.gatewayz.obs.alerts;

import ai.gatewayz.obs.alerts.config.AlertmanagerConfig;
import ai.gatewayz.obs.alerts.config.ConfigLoader;
import ai.gatewayz.obs.alerts.config.EmailConfig;
import ai.gatewayz.obs.alerts.config.Receiver;
import ai.gatewayz.obs.alerts.config.WebhookConfig;
import ai.gatewayz.obs.alerts.dispatch.Dispatcher;
import ai.gatewayz.obs.alerts.dispatch.Inhibitor;
import ai.gatewayz.obs.alerts.model.Alert;
import ai.gatewayz.obs.alerts.model.Fingerprints;
import ai.gatewayz.obs.alerts.model.Matchers;
import ai.gatewayz.obs.alerts.notify.Integration;
import ai.gatewayz.obs.alerts.notify.Notifier;
import ai.gatewayz.obs.alerts.notify.NotifierFactory;
import ai.gatewayz.obs.alerts.notify.WebhookNotifier;
import ai.gatewayz.obs.alerts.silence.Silence;
import ai.gatewayz.obs.alerts.silence.SilenceStore;
import ai.gatewayz.obs.alerts.store.AlertSizes;
import ai.gatewayz.obs.alerts.store.AlertStore;
import ai.gatewayz.obs.alerts.store.NotificationLog;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import java.io.IOException;
import ai.gatewayz.obs.alerts.notify.HttpPostClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * The alert router engine: alert store, silences, inhibition, notification log and dispatcher
 * behind one facade that the HTTP layer calls. Thread-safe. Config reloads are atomic: a config
 * that fails to load leaves the running one in place.
 */
public final class AlertRouter implements AutoCloseable {
    private final RouterOptions options;
    private final Clock clock;
    private final ConfigLoader loader;
    private final NotifierFactory emailFactory;
    private final AlertStore store;
    private final SilenceStore silences;
    private final NotificationLog nflog;
    private final Dispatcher dispatcher;
    private final HttpPostClient http;
    private final long startedAt;
    private volatile AlertmanagerConfig config;
    private volatile Inhibitor inhibitor = new Inhibitor(List.of());

    public AlertRouter(RouterOptions options, Clock clock, ConfigLoader loader, NotifierFactory emailFactory,
                       Executor executor, Dispatcher.Sleeper sleeper) {
        this.options = options;
        this.clock = clock;
        this.loader = loader;
        this.emailFactory = emailFactory;
        if (options.dataDir() != null) {
            store = AlertStore.open(options.dataDir());
            silences = SilenceStore.open(options.dataDir(), clock, options.silenceRetentionMs());
            nflog = NotificationLog.open(options.dataDir(), options.nflogRetentionMs());
        } else {
            store = AlertStore.inMemory();
            silences = SilenceStore.inMemory(clock);
            nflog = NotificationLog.inMemory(options.nflogRetentionMs());
        }
        this.http = new HttpPostClient(5_000);
        this.dispatcher = new Dispatcher(clock, executor, nflog, this::muted, sleeper, options.externalUrl(), options.maxAttempts(),
                options.maxInFlightPerIntegration());
        this.startedAt = clock.millis();
    }

    /** Loads the first configuration and rebuilds groups from persisted alerts (recovery mode). */
    public void start(AlertmanagerConfig initial, boolean runLoop) {
        install(initial, true);
        if (runLoop) {
            dispatcher.start();
        }
    }

    public AlertmanagerConfig config() {
        return config;
    }

    public long startedAt() {
        return startedAt;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public SilenceStore silences() {
        return silences;
    }

    public NotificationLog notificationLog() {
        return nflog;
    }

    public Clock clock() {
        return clock;
    }

    /** Parses and installs a new configuration; throws (keeping the current one) when it is invalid. */
    public AlertmanagerConfig reload(String text) {
        AlertmanagerConfig c = loader.load(text);
        install(c, false);
        return c;
    }

    private synchronized void install(AlertmanagerConfig c, boolean recovering) {
        Map<String, List<Dispatcher.Bound>> bound = new LinkedHashMap<>();
        for (Receiver r : c.receivers().values()) {
            List<Dispatcher.Bound> list = new ArrayList<>();
            int i = 0;
            for (EmailConfig e : r.emailConfigs()) {
                Integration in = new Integration(r.name(), "email", i++, e.sendResolved(), e);
                list.add(new Dispatcher.Bound(in, emailFactory.create(in)));
            }
            i = 0;
            for (WebhookConfig w : r.webhookConfigs()) {
                Integration in = new Integration(r.name(), "webhook", i++, w.sendResolved(), w);
                Notifier n = new WebhookNotifier(w, http, options.userAgent());
                list.add(new Dispatcher.Bound(in, n));
            }
            bound.put(r.name(), list);
        }
        Inhibitor inh = new Inhibitor(c.inhibitRules());
        List<Alert> all = new ArrayList<>(store.all());
        all.forEach(inh::observe);
        config = c;
        inhibitor = inh;
        dispatcher.apply(c, bound, all, recovering);
    }

    /** Validates and stores alerts; valid ones are kept even when others fail. Returns the error texts. */
    public List<String> post(List<PostableAlert> in) {
        PostOutcome o = post(in, AlertLimits.NONE);
        List<String> all = new ArrayList<>(o.invalid());
        all.addAll(o.refused());
        return all;
    }

    /**
     * Validates and stores alerts within {@code limits}: invalid alerts (including those over the
     * size limits) and new alerts that do not fit the store are left out; every other alert of the
     * request is stored, as Alertmanager stores the valid part of a partly invalid post.
     */
    public PostOutcome post(List<PostableAlert> in, AlertLimits limits) {
        long now = clock.millis();
        long resolveTimeout = config.global().resolveTimeoutMs();
        List<Alert> valid = new ArrayList<>(in.size());
        List<String> errors = new ArrayList<>();
        for (PostableAlert p : in) {
            Labels.Builder lb = Labels.builder();
            String bad = null;
            if (p.labels() != null) {
                for (Map.Entry<String, String> e : p.labels().entrySet()) {
                    if (e.getValue() == null || e.getValue().isEmpty()) {
                        continue;
                    }
                    if (!Matchers.validLabelName(e.getKey())) {
                        bad = "invalid label set: invalid name \"" + e.getKey() + "\"";
                    }
                    lb.set(e.getKey(), e.getValue());
                }
            }
            Labels labels = lb.build();
            if (bad == null && limits.maxLabelsBytes() > 0 && AlertSizes.labels(labels) > limits.maxLabelsBytes()) {
                errors.add(AlertErrors.labelsTooLarge(labels.get("alertname"), AlertSizes.labels(labels), limits.maxLabelsBytes()));
                continue;
            }
            if (bad == null && limits.maxAnnotationsBytes() > 0 && p.annotations() != null
                    && AlertSizes.annotations(p.annotations()) > limits.maxAnnotationsBytes()) {
                errors.add(AlertErrors.annotationsTooLarge(labels.get("alertname"), AlertSizes.annotations(p.annotations()),
                        limits.maxAnnotationsBytes()));
                continue;
            }
            Long starts = p.startsAt();
            Long ends = p.endsAt();
            boolean timeout = false;
            if (starts == null) {
                starts = ends != null ? ends : now;
            }
            if (ends == null) {
                timeout = true;
                ends = now + resolveTimeout;
            }
            if (bad == null && ends < starts) {
                bad = "start time must be before end time";
            }
            if (bad == null && labels.isEmpty()) {
                bad = "at least one label pair required";
            }
            if (bad == null && p.annotations() != null) {
                for (String k : p.annotations().keySet()) {
                    if (!Matchers.validLabelName(k)) {
                        bad = "invalid annotations: invalid name \"" + k + "\"";
                    }
                }
            }
            if (bad != null) {
                errors.add(bad + " [labels=" + labels + "]");
                continue;
            }
            Map<String, String> ann = new LinkedHashMap<>();
            if (p.annotations() != null) {
                p.annotations().forEach((k, v) -> {
                    if (v != null && !v.isEmpty()) {
                        ann.put(k, v);
                    }
                });
            }
            valid.add(new Alert(labels, Map.copyOf(ann), starts, ends, now, p.generatorURL() == null ? "" : p.generatorURL(), timeout));
        }
        List<String> refused = new ArrayList<>();
        if (!valid.isEmpty()) {
            AlertStore.Admitted admitted = store.put(valid, now, limits.capacity(), stored -> {
                Inhibitor inh = inhibitor;
                stored.forEach(inh::observe);
                dispatcher.add(stored);
            });
            for (AlertStore.Refusal r : admitted.refused()) {
                refused.add(r.reason() + " [alertname=" + r.alert().labels().get("alertname") + "]");
            }
        }
        return new PostOutcome(errors, refused);
    }

    /** Bytes of labels and annotations of the alerts held now. */
    public long alertBytes() {
        return store.bytes();
    }

    private boolean muted(Alert a, long now) {
        return !silences.mutedBy(a.labels(), now).isEmpty() || !inhibitor.inhibitedBy(a.labels(), now).isEmpty();
    }

    /** Status of one alert now. */
    public AlertStatus status(Alert a, long now) {
        List<String> sil = silences.mutedBy(a.labels(), now);
        List<String> inh = inhibitor.inhibitedBy(a.labels(), now).stream().map(Fingerprints::hex).toList();
        String state = sil.isEmpty() && inh.isEmpty() ? "active" : "suppressed";
        return new AlertStatus(a, Fingerprints.hex(a.fingerprint()), dispatcher.receiversOf(a.labels()), state, sil, inh);
    }

    /** {@code GET /api/v2/alerts}: unresolved alerts passing the flags and filters, by fingerprint. */
    public List<AlertStatus> alerts(boolean active, boolean silenced, boolean inhibited, List<LabelMatcher> filter,
                                    Pattern receiver) {
        long now = clock.millis();
        List<AlertStatus> out = new ArrayList<>();
        for (Alert a : store.all()) {
            if (a.resolvedAt(now)) {
                continue;
            }
            AlertStatus s = status(a, now);
            if (keep(s, active, silenced, inhibited, filter, receiver)) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(AlertStatus::fingerprint));
        return out;
    }

    static boolean keep(AlertStatus s, boolean active, boolean silenced, boolean inhibited, List<LabelMatcher> filter,
                        Pattern receiver) {
        if (receiver != null && s.receivers().stream().noneMatch(r -> receiver.matcher(r).matches())) {
            return false;
        }
        if (!active && s.state().equals("active")) {
            return false;
        }
        if (!silenced && !s.silencedBy().isEmpty()) {
            return false;
        }
        if (!inhibited && !s.inhibitedBy().isEmpty()) {
            return false;
        }
        return matchFilter(filter, s.alert().labels().toMap());
    }

    /** Alertmanager's filter semantics: an empty-valued matcher on an absent label is skipped. */
    public static boolean matchFilter(List<LabelMatcher> filter, Map<String, String> labels) {
        for (LabelMatcher m : filter) {
            String v = labels.get(m.name());
            boolean present = v != null;
            boolean negative = m.type() == LabelMatcher.Type.NEQ || m.type() == LabelMatcher.Type.NRE;
            if (m.value().isEmpty() && (negative == present)) {
                continue;
            }
            if (!m.matches(v == null ? "" : v)) {
                return false;
            }
        }
        return true;
    }

    /** One group for {@code /api/v2/alerts/groups}. */
    public record GroupStatus(Labels labels, String receiver, List<AlertStatus> alerts) {
    }

    public List<GroupStatus> groups(boolean active, boolean silenced, boolean inhibited, List<LabelMatcher> filter,
                                    Pattern receiver) {
        long now = clock.millis();
        List<GroupStatus> out = new ArrayList<>();
        for (Dispatcher.GroupView g : dispatcher.groups(now)) {
            if (receiver != null && !receiver.matcher(g.receiver()).matches()) {
                continue;
            }
            List<AlertStatus> as = new ArrayList<>();
            for (Alert a : g.alerts()) {
                AlertStatus s = status(a, now);
                if (keep(s, active, silenced, inhibited, filter, null)) {
                    as.add(s);
                }
            }
            if (!as.isEmpty()) {
                out.add(new GroupStatus(g.groupLabels(), g.receiver(), as));
            }
        }
        return out;
    }

    /** Periodic housekeeping: drop long-resolved alerts, expired silences and log entries. */
    public void maintenance() {
        long now = clock.millis();
        List<Alert> before = new ArrayList<>(store.all());
        store.gc(now - options.resolvedRetentionMs());
        Inhibitor inh = inhibitor;
        for (Alert a : before) {
            if (store.get(a.fingerprint()) == null) {
                inh.forget(a);
            }
        }
        silences.gc();
        nflog.gc(now);
    }

    public List<Silence> listSilences(List<LabelMatcher> filter) {
        long now = clock.millis();
        List<Silence> out = new ArrayList<>();
        for (Silence s : silences.all()) {
            Map<String, String> sms = new LinkedHashMap<>();
            s.matchers().forEach(m -> sms.put(m.name(), m.value()));
            if (matchFilter(filter, sms)) {
                out.add(s);
            }
        }
        out.sort(Comparator.<Silence>comparingInt(s -> s.state(now).ordinal() == 1 ? 0 : s.state(now).ordinal() == 0 ? 1 : 2)
                .thenComparingLong(s -> switch (s.state(now)) {
                    case ACTIVE -> s.endsAt();
                    case PENDING -> s.startsAt();
                    case EXPIRED -> -s.endsAt();
                }));
        return out;
    }

    public int alertCount() {
        return store.size();
    }

    @Override
    public void close() throws IOException {
        dispatcher.close();
        http.close();
        store.close();
        silences.close();
        nflog.close();
    }
}
