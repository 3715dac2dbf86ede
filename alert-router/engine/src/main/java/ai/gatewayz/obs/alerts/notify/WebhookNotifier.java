package ai.gatewayz.obs.alerts.notify;

import ai.gatewayz.obs.alerts.config.WebhookConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * POSTs Alertmanager's webhook payload (version 4) as JSON. {@code max_alerts} truncates and
 * reports {@code truncatedAlerts}. A non-2xx answer is a failure (retried by the dispatcher).
 * Sends through the shared keep-alive {@link HttpPostClient}. Thread-safe.
 */
public final class WebhookNotifier implements Notifier {
    private final WebhookConfig config;
    private final HttpPostClient http;
    private final Map<String, String> headers;

    public WebhookNotifier(WebhookConfig config, HttpPostClient http, String userAgent) {
        this.config = config;
        this.http = http;
        this.headers = Map.of("Content-Type", "application/json", "User-Agent", userAgent);
    }

    @Override
    public void notify(Notification n) throws IOException, InterruptedException {
        Notification body = n;
        if (config.maxAlerts() > 0 && n.alerts().size() > config.maxAlerts()) {
            List<Notification.Item> kept = n.alerts().subList(0, config.maxAlerts());
            body = new Notification(n.receiver(), n.status(), kept, n.groupLabels(), n.commonLabels(),
                    n.commonAnnotations(), n.externalURL(), n.groupKey(), n.alerts().size() - config.maxAlerts());
        }
        String url = config.url() != null ? config.url() : Files.readString(Path.of(config.urlFile())).trim();
        int timeout = (int) Math.min(Integer.MAX_VALUE, config.timeoutMs() > 0 ? config.timeoutMs() : 10_000);
        byte[] payload = Json.webhook(body).getBytes(StandardCharsets.UTF_8);
        HttpPostClient.Response resp;
        try {
            resp = http.post(URI.create(url), headers, payload, timeout);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid webhook URL [url=" + redact(url) + "]", e);
        }
        if (resp.status() / 100 != 2) {
            throw new IOException("webhook answered " + resp.status() + " [url=" + redact(url) + "]");
        }
    }

    private static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?<redacted>";
    }
}
