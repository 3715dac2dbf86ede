package ai.gatewayz.obs.profiles.ingest;

import ai.gatewayz.obs.profiles.model.ProfileTypeId;
import java.util.List;
import java.util.Map;

/**
 * JFR event types pyroscope-java (async-profiler) records, and the profile types each feeds
 * (wire-protocols.md §5.2). Each output says how a sample's value is computed. Immutable.
 */
final class JfrEventTypes {
    enum Value { PERIOD, ONE, TLAB_SIZE, ALLOCATION_SIZE, DURATION }

    record Output(ProfileTypeId type, Value value) {
    }

    record Mapping(String jfrEvent, List<Output> outputs) {
    }

    static final Map<String, Mapping> BY_EVENT = Map.of(
            "jdk.ExecutionSample", new Mapping("cpu", List.of(new Output(ProfileTypeId.CPU, Value.PERIOD))),
            "profiler.WallClockSample", new Mapping("wall", List.of(
                    new Output(new ProfileTypeId("wall", "wall", "nanoseconds", "wall", "nanoseconds"), Value.PERIOD))),
            "jdk.ObjectAllocationInNewTLAB", new Mapping("alloc", List.of(
                    new Output(new ProfileTypeId("memory", "alloc_in_new_tlab_objects", "count", "space", "bytes"), Value.ONE),
                    new Output(new ProfileTypeId("memory", "alloc_in_new_tlab_bytes", "bytes", "space", "bytes"), Value.TLAB_SIZE))),
            "jdk.ObjectAllocationOutsideTLAB", new Mapping("alloc", List.of(
                    new Output(new ProfileTypeId("memory", "alloc_outside_tlab_objects", "count", "space", "bytes"), Value.ONE),
                    new Output(new ProfileTypeId("memory", "alloc_outside_tlab_bytes", "bytes", "space", "bytes"), Value.ALLOCATION_SIZE))),
            "jdk.JavaMonitorEnter", new Mapping("lock", List.of(
                    new Output(new ProfileTypeId("mutex", "contentions", "count", "mutex", "count"), Value.ONE),
                    new Output(new ProfileTypeId("mutex", "delay", "nanoseconds", "mutex", "count"), Value.DURATION))),
            "jdk.ThreadPark", new Mapping("lock", List.of(
                    new Output(new ProfileTypeId("block", "contentions", "count", "block", "count"), Value.ONE),
                    new Output(new ProfileTypeId("block", "delay", "nanoseconds", "block", "count"), Value.DURATION))));

    private JfrEventTypes() {
    }
}
