package ai.gatewayz.obs.gotemplate;

import java.util.List;

/**
 * A value with Go struct fields or methods, the way Go templates see them: {@code .Labels} on a
 * Prometheus query sample, {@code .SortedPairs} or {@code .Remove "a"} on Alertmanager's KV. Fields and
 * niladic methods are invoked with no arguments; a value that is also a {@link java.util.Map} falls back
 * to key lookup when it has no such method (Go looks methods up first). Implementations are immutable
 * or at least safe to read from several template executions at once.
 */
public interface TemplateValue {
    /** Returned by {@link #invoke} when the value has no field or method of that name. */
    Object NO_SUCH = new Object();

    /** The field or method {@code name} applied to {@code args}; {@link #NO_SUCH} when there is none. */
    Object invoke(String name, List<Object> args);

    /** Go's name of the type, for error messages ({@code *template.sample}, {@code template.KV}). */
    String goTypeName();

    /** How {@code fmt.Sprint} shows the value. */
    default String sprint() {
        return toString();
    }
}
