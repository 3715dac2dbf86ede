package ai.gatewayz.obs.testkit.promqltest;

/** The result of one {@code eval} of a script, keyed by file and line. */
public record EvalOutcome(String file, int line, String expr, Status status, String reason) {
    public enum Status {
        PASS, FAIL, SKIP
    }

    public String key() {
        return file + ":" + line;
    }
}
