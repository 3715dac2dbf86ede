package ai.gatewayz.obs.http;

/**
 * Who this process is: its service name (as in ARCHITECTURE.md), the system it replaces and the
 * product name shown by health probes, e.g. {@code metrics-store}, {@code Prometheus}. Immutable.
 */
public record ServiceIdentity(String name, String replaces, String displayName) {
}
