package ai.gatewayz.obs.alerts.config;

/** The {@code global:} section as far as the router uses it. Times in milliseconds. Immutable. */
public record GlobalConfig(long resolveTimeoutMs, String smtpFrom, String smtpHello, String smtpSmarthost,
                           String smtpAuthUsername, String smtpAuthPassword, String smtpAuthPasswordFile,
                           String smtpAuthIdentity, String smtpAuthSecret, String smtpAuthSecretFile,
                           boolean smtpRequireTls) {
    public static final long DEFAULT_RESOLVE_TIMEOUT_MS = 5 * 60_000L;
}
