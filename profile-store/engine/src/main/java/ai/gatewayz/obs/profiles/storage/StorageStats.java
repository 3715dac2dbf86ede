package ai.gatewayz.obs.profiles.storage;

/**
 * Counters across all tenants. {@code symbolRefs} counts every symbol reference ingested (strings,
 * functions, locations, mappings, stack nodes of each profile); {@code symbolsStored} what the
 * partition tables hold after de-duplication, so their ratio is the de-duplication factor.
 */
public record StorageStats(long profiles, long samples, long series, long partitions, long symbolRefs,
                           long symbolsStored, long bytesOnDisk) {
    public double dedupRatio() {
        return symbolsStored == 0 ? 0 : (double) symbolRefs / symbolsStored;
    }
}
