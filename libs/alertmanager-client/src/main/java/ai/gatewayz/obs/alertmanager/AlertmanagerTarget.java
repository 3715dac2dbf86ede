package ai.gatewayz.obs.alertmanager;

/**
 * One Alertmanager the notifier posts to: {@code baseUrl} is scheme://host:port plus path_prefix
 * (no trailing slash); {@code authorization} is the full Authorization header value or null.
 * Immutable.
 */
public record AlertmanagerTarget(String baseUrl, String apiVersion, long timeoutMs, String authorization) {

    /** The alerts endpoint: {@code <base>/api/v2/alerts} (or v1 for api_version v1). */
    public String alertsUrl() {
        return baseUrl + "/api/" + apiVersion + "/alerts";
    }
}
