package ai.gatewayz.obs.logs.logql.pipeline;

import ai.gatewayz.obs.common.Labels;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The labels of the entry being processed: index labels, structured metadata and labels that
 * parsers and formatters set, plus {@code __error__}. Reused for every entry of a pipeline; not
 * thread-safe.
 */
public final class LabelState {
    public static final String ERROR = "__error__";
    public static final String ERROR_DETAILS = "__error_details__";

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> parsed = new HashSet<>();
    private Labels index = Labels.EMPTY;
    private boolean changed;

    /** Starts a new entry of a stream with these index labels and this entry's metadata. */
    public void reset(Labels index, Labels metadata) {
        this.index = index;
        values.clear();
        parsed.clear();
        changed = !metadata.isEmpty();
        for (int i = 0; i < index.size(); i++) {
            values.put(index.name(i), index.value(i));
        }
        for (int i = 0; i < metadata.size(); i++) {
            values.put(metadata.name(i), metadata.value(i));
        }
    }

    /** The live map of current labels, as templates read it. */
    public Map<String, String> asMap() {
        return values;
    }

    public String get(String name) {
        String v = values.get(name);
        return v == null ? "" : v;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** Sets a label extracted by a parser: a name taken by an index label gets the suffix {@code _extracted}. */
    public void setParsed(String name, String value) {
        if (index.has(name)) {
            name = name + "_extracted";
        }
        set(name, value);
    }

    /** Sets a label from a formatter or a parser, counted as parsed for the categorize-labels encoding. */
    public void set(String name, String value) {
        changed = true;
        if (value == null || value.isEmpty()) {
            values.remove(name);
            parsed.remove(name);
            return;
        }
        values.put(name, value);
        parsed.add(name);
    }

    public void delete(String name) {
        if (values.remove(name) != null) {
            changed = true;
            parsed.remove(name);
        }
    }

    public boolean hasError() {
        return values.containsKey(ERROR);
    }

    public String error() {
        return get(ERROR);
    }

    public void setError(String error, String details) {
        if (hasError()) {
            return;
        }
        set(ERROR, error);
        if (details != null && !details.isEmpty()) {
            set(ERROR_DETAILS, details);
        }
    }

    /** Keeps only the names {@code keep} accepts (errors always stay). */
    public void retain(java.util.function.BiPredicate<String, String> keep) {
        var it = values.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().equals(ERROR) || e.getKey().equals(ERROR_DETAILS)) {
                continue;
            }
            if (!keep.test(e.getKey(), e.getValue())) {
                it.remove();
                parsed.remove(e.getKey());
                changed = true;
            }
        }
    }

    /** All current labels; the index labels themselves when nothing changed. */
    public Labels labels() {
        if (!changed) {
            return index;
        }
        return Labels.fromMap(values);
    }

    /** The current labels a parser or formatter set. */
    public Labels parsedLabels() {
        if (parsed.isEmpty()) {
            return Labels.EMPTY;
        }
        Labels.Builder b = Labels.builder();
        for (String n : parsed) {
            b.set(n, values.get(n));
        }
        return b.build();
    }

    /** Whether the current value of {@code name} was set by a parser or formatter. */
    public boolean isParsed(String name) {
        return parsed.contains(name);
    }
}
