package ai.gatewayz.obs.metrics.scrape;

import java.net.URI;
import java.util.Set;

/**
 * The {@code globalUrl} of a target as Prometheus computes it: a loopback target is not reachable
 * from elsewhere, so its host is replaced by the external URL's host; when it is this server itself
 * (same port) scheme and port become the external URL's too. Other targets are left as they are.
 * Immutable, thread-safe.
 */
public final class GlobalUrls {
    private static final Set<String> LOCALHOST = Set.of("127.0.0.1", "localhost", "::1", "[::1]");
    private final URI external;
    private final int ownPort;

    /**
     * @param external the server's externally reachable URL (Prometheus's {@code --web.external-url};
     *     by default {@code http://<hostname>:<port>/})
     * @param ownPort the port this server listens on
     */
    public GlobalUrls(URI external, int ownPort) {
        this.external = external;
        this.ownPort = ownPort;
    }

    /** The default external URL Prometheus derives: the machine's host name and the listen port. */
    public static URI defaultExternal(int port) {
        return URI.create("http://" + hostname() + ":" + port + "/");
    }

    /** The kernel's host name, as Go's {@code os.Hostname} gives it. */
    static String hostname() {
        String env = System.getenv("HOSTNAME");
        try {
            String h = java.net.InetAddress.getLocalHost().getHostName();
            if (h != null && !h.isEmpty()) {
                return h;
            }
        } catch (java.net.UnknownHostException e) {
            // fall through: no resolvable name for this host
        }
        return env == null || env.isEmpty() ? "localhost" : env;
    }

    public URI of(URI target) {
        String host = target.getHost();
        if (host == null || target.getPort() < 0 || !LOCALHOST.contains(host)) {
            return target;
        }
        boolean self = target.getPort() == ownPort;
        String scheme = self ? external.getScheme() : target.getScheme();
        String hostPort = external.getHost() + (self ? external.getPort() < 0 ? "" : ":" + external.getPort() : ":" + target.getPort());
        String rest = (target.getRawPath() == null ? "" : target.getRawPath())
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        return URI.create(scheme + "://" + hostPort + rest);
    }
}
