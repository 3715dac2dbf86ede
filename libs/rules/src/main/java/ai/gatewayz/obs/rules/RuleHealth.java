package ai.gatewayz.obs.rules;

import java.util.Locale;

/** Whether a rule's last evaluation succeeded, as reported by {@code /api/v1/rules}. */
public enum RuleHealth {
    UNKNOWN, OK, ERR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
