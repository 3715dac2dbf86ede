package ai.gatewayz.obs.http;

import ai.gatewayz.obs.common.CommonErrors;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Resolves the tenant of a request from {@code X-Scope-OrgID} (header names are case-insensitive:
 * Grafana sends {@code X-Scope-Orgid}). Absent means {@code anonymous}, as in Mimir and Loki with
 * multi-tenancy off. Tenant ids follow Mimir's rules. Stateless and thread-safe.
 */
public final class Tenants {
    public static final String HEADER = "X-Scope-OrgID";
    public static final String DEFAULT_TENANT = "anonymous";
    public static final int MAX_LENGTH = 150;

    private Tenants() {
    }

    public static String resolve(HttpServletRequest request) {
        return validate(request.getHeader(HEADER));
    }

    /** Validates a raw header value; null or blank yields the default tenant. */
    public static String validate(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_TENANT;
        }
        String t = raw.trim();
        if (t.length() > MAX_LENGTH) {
            throw CommonErrors.invalidTenant(t, "longer than " + MAX_LENGTH + " characters");
        }
        if (t.equals(".") || t.equals("..")) {
            throw CommonErrors.invalidTenant(t, "reserved name");
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!-_.*'()".indexOf(c) >= 0;
            if (!ok) {
                throw CommonErrors.invalidTenant(t, "unsupported character '" + c + "'");
            }
        }
        return t;
    }
}
