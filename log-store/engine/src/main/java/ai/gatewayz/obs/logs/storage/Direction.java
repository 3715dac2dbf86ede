package ai.gatewayz.obs.logs.storage;

/** Order of entries within a stream, as Loki's {@code direction} parameter. */
public enum Direction {
    FORWARD, BACKWARD
}
