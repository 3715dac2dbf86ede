package ai.gatewayz.obs.metrics.scrape;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One Prometheus relabeling step. The regex is fully anchored, as in Prometheus. Immutable.
 */
public record RelabelConfig(List<String> sourceLabels, String separator, Pattern regex, long modulus,
        String targetLabel, String replacement, Action action) {

    /** Supported actions. */
    public enum Action {
        REPLACE, KEEP, DROP, HASHMOD, LABELMAP, LABELDROP, LABELKEEP, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL;

        public static Action parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown relabel action \"" + s + "\"");
            }
        }
    }

    public static final String DEFAULT_REGEX = "(.*)";

    public static Pattern compile(String regex) {
        return Pattern.compile("^(?:" + (regex == null ? DEFAULT_REGEX : regex) + ")$", Pattern.DOTALL);
    }

    /** A config with Prometheus's defaults for everything not given. */
    public static RelabelConfig of(List<String> sourceLabels, String separator, String regex, Long modulus,
            String targetLabel, String replacement, String action) {
        Action a = action == null ? Action.REPLACE : Action.parse(action);
        RelabelConfig c = new RelabelConfig(sourceLabels == null ? List.of() : List.copyOf(sourceLabels),
                separator == null ? ";" : separator, compile(regex), modulus == null ? 0 : modulus,
                targetLabel == null ? "" : targetLabel, replacement == null ? "$1" : replacement, a);
        c.validate();
        return c;
    }

    private void validate() {
        switch (action) {
            case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> {
                if (targetLabel.isEmpty()) {
                    throw new IllegalArgumentException("relabel action " + action.name().toLowerCase(Locale.ROOT)
                            + " requires target_label");
                }
            }
            default -> {
                // no required fields
            }
        }
        if (action == Action.HASHMOD && modulus == 0) {
            throw new IllegalArgumentException("relabel action hashmod requires a non-zero modulus");
        }
    }
}
