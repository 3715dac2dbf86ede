package ai.gatewayz.obs.logs.patterns;

/**
 * One pattern of a {@code /patterns} answer: its template, the detected level of its lines, and its
 * line counts per step (only steps with lines; {@code stepStartsNanos[i]} is the start of a step).
 * Arrays are owned by the record and not modified after construction.
 */
public record PatternSeries(String pattern, String level, long[] stepStartsNanos, long[] counts, long total) {
}
