package ai.gatewayz.obs.rules;

/**
 * One problem found in a rule file, located by file, line and column (1-based; 0 when unknown),
 * group name and rule position/name when it concerns a rule. Rendered like Prometheus's rulefmt
 * errors: {@code file:line:col: group "g", rule 2, "name": message}. Immutable.
 */
public record RuleError(String file, int line, int column, String group, int ruleIndex, String ruleName,
        String message) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line).append(':').append(column);
        }
        sb.append(": ");
        if (group != null) {
            sb.append("group \"").append(group).append('"');
            if (ruleIndex > 0) {
                sb.append(", rule ").append(ruleIndex).append(", \"").append(ruleName == null ? "" : ruleName).append('"');
            }
            sb.append(": ");
        }
        return sb.append(message).toString();
    }
}
