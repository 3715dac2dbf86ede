package ai.gatewayz.obs.alerts.notify;

import ai.gatewayz.obs.alerts.config.WebhookConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * POSTs Alertmanager's webhook payload (version 4) as JSON. {@code max_alerts} truncates and
 * reports {@code truncatedAlerts}. A non-2xx answer is a failure (retried by the dispatcher).
 * Thread-safe.
 */
public final class WebhookNotifier implements Notifier {
    private final WebhookConfig config;
    private final HttpClient http;
    private final String userAgent;

    public WebhookNotifier(WebhookConfig config, HttpClient http, String userAgent) {
        this.config = config;
        this.http = http;
        this.userAgent = userAgent;
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
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMillis(config.timeoutMs() > 0 ? config.timeoutMs() : 10_000))
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(Json.webhook(body)))
                .build();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() / 100 != 2) {
            throw new IOException("webhook answered " + resp.statusCode() + " [url=" + redact(url) + "]");
        }
    }

    private static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?<redacted>";
    }
}
