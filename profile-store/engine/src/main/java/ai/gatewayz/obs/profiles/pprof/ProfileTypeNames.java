package ai.gatewayz.obs.profiles.pprof;

/**
 * The profile type name ({@code __name__}) Pyroscope gives a sample type when the sender names
 * none: CPU samples are {@code process_cpu}, allocations and heap {@code memory}, and so on.
 */
public final class ProfileTypeNames {
    private ProfileTypeNames() {
    }

    public static String forSampleType(String sampleType) {
        return switch (sampleType) {
            case "cpu", "samples" -> "process_cpu";
            case "alloc_objects", "alloc_space", "inuse_objects", "inuse_space",
                 "alloc_in_new_tlab_objects", "alloc_in_new_tlab_bytes",
                 "alloc_outside_tlab_objects", "alloc_outside_tlab_bytes" -> "memory";
            case "goroutine", "goroutines" -> "goroutines";
            case "contentions", "delay" -> "mutex";
            case "wall", "time" -> "wall";
            default -> sampleType;
        };
    }
}
