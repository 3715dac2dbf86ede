package ai.gatewayz.obs.profiles.storage;

/**
 * What a query over some matchers and range would read, for {@code AnalyzeQuery} (the query-size
 * tooltip of Profiles Drilldown): head partitions (still written to; flame graphs read their
 * samples) and sealed partitions (blocks; flame graphs read one merged tree per series), and over
 * both the matching series, their profiles and samples in range. Byte figures are estimates of the
 * encoded size (block format): label text for the index, 3 bytes per sample plus 8 per span id
 * and 12 per profile, the partition's symbol tables. Immutable.
 */
public record QueryScope(long headPartitions, long sealedPartitions, long series, long profiles, long samples,
                         long indexBytes, long profileBytes, long symbolBytes) {
    public static final QueryScope EMPTY = new QueryScope(0, 0, 0, 0, 0, 0, 0, 0);

    QueryScope plus(QueryScope o) {
        return new QueryScope(headPartitions + o.headPartitions, sealedPartitions + o.sealedPartitions, series + o.series,
                profiles + o.profiles, samples + o.samples, indexBytes + o.indexBytes, profileBytes + o.profileBytes,
                symbolBytes + o.symbolBytes);
    }
}
