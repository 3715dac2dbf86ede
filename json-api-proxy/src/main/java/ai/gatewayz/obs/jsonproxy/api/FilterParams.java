package ai.gatewayz.obs.jsonproxy.api;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The filters of the Infinity endpoints, validated: an absent or empty value means "no filter"
 * (Grafana sends an empty variable for "All"), anything else must be a valid value or the request
 * is a 400 naming it. Stateless.
 */
final class FilterParams {
    static final List<String> STATES = List.of("open", "closed", "half_open");
    private static final Pattern PROVIDER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private FilterParams() {
    }

    /** A provider name, or {@code null} for every provider. */
    static String provider(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!PROVIDER.matcher(value).matches()) {
            throw ProxyErrors.invalidProvider(value);
        }
        return value;
    }

    /** A breaker state in its exposition spelling ({@code open}, {@code closed}, {@code half_open}; any case), or {@code null}. */
    static String state(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String s = value.toLowerCase(Locale.ROOT);
        if (!STATES.contains(s)) {
            throw ProxyErrors.invalidState(value, STATES);
        }
        return s;
    }
}
