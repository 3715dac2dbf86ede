package ai.gatewayz.obs.rules;

import java.util.List;

/**
 * Where a rule group puts what one rule produced in one evaluation: recorded series, {@code ALERTS}
 * and {@code ALERTS_FOR_STATE} samples, and staleness markers ({@link RuleGroup#STALE_NAN}, compare
 * with {@code doubleToRawLongBits}) for series the rule stopped producing. metrics-store appends to its
 * own storage (later rules of the group must see the result at once); a ruler in another store
 * remote-writes.
 *
 * <p>Called from the group's single evaluation thread, but different groups call concurrently, so
 * implementations must be thread-safe. The list is owned by the caller and not changed after the call;
 * implementations that keep it must copy. A rejected sample (out of order, duplicate) is the writer's
 * to count and skip; an exception fails the rule's evaluation.
 */
@FunctionalInterface
public interface ResultWriter {
    void write(List<VectorSample> samples);

    /** Drops everything; for rule checks that only evaluate. */
    ResultWriter DISCARD = samples -> { };
}
