package ai.gatewayz.obs.logs.ruler;

import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * Where the ruler keeps rule files: per tenant, one rule file (Prometheus {@code groups:} YAML with
 * LogQL expressions) per namespace, as Loki's {@code ruler.storage}. Contents are opaque text here;
 * parsing and validation are the ruler's. Namespaces are file names: callers check them with
 * {@link #validNamespace} first.
 *
 * <p>Thread-safe. {@link #put} replaces a namespace atomically: a reader sees the old or the new
 * file, never a mix, and a crash leaves one of the two.
 */
public interface RuleNamespaces {
    /** Tenants that have at least one namespace. */
    Set<String> tenants();

    /** The namespaces of {@code tenant} with their file contents, by name. */
    SortedMap<String, String> namespaces(String tenant);

    Optional<String> namespace(String tenant, String namespace);

    void put(String tenant, String namespace, String content);

    /** False when there was no such namespace. */
    boolean delete(String tenant, String namespace);

    /** A namespace (or tenant) usable as a file name: not empty, no path separator, not hidden. */
    static boolean validNamespace(String ns) {
        return ns != null && !ns.isEmpty() && ns.indexOf('/') < 0 && ns.indexOf('\\') < 0 && ns.indexOf('\0') < 0
                && !ns.startsWith(".") && ns.length() <= 255;
    }
}
