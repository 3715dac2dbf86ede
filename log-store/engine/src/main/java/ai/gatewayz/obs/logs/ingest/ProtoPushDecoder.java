package ai.gatewayz.obs.logs.ingest;

import ai.gatewayz.obs.proto.loki.LokiPush;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoder of snappy-compressed {@code logproto.PushRequest} (wire-protocols.md §3.4). The
 * {@code parsed} field and the stream hash are ignored, as Loki does on push. Thread-safe.
 */
public final class ProtoPushDecoder {
    private ProtoPushDecoder() {
    }

    public static List<RawStream> decode(byte[] snappyBody, long maxDecoded) {
        byte[] raw = BodyCodecs.unsnappy(snappyBody, maxDecoded);
        LokiPush.PushRequest req;
        try {
            req = LokiPush.PushRequest.parseFrom(raw);
        } catch (InvalidProtocolBufferException e) {
            throw IngestErrors.malformed("protobuf", e.getMessage());
        }
        List<RawStream> out = new ArrayList<>(req.getStreamsCount());
        for (LokiPush.StreamAdapter s : req.getStreamsList()) {
            List<RawStream.RawEntry> entries = new ArrayList<>(s.getEntriesCount());
            for (LokiPush.EntryAdapter e : s.getEntriesList()) {
                long ts;
                try {
                    ts = Math.addExact(Math.multiplyExact(e.getTimestamp().getSeconds(), 1_000_000_000L),
                            e.getTimestamp().getNanos());
                } catch (ArithmeticException overflow) {
                    throw IngestErrors.malformed("protobuf", "timestamp out of range [seconds=" + e.getTimestamp().getSeconds() + "]");
                }
                List<String[]> md = List.of();
                if (e.getStructuredMetadataCount() > 0) {
                    md = new ArrayList<>(e.getStructuredMetadataCount());
                    for (LokiPush.LabelPairAdapter l : e.getStructuredMetadataList()) {
                        md.add(new String[] {l.getName(), l.getValue()});
                    }
                }
                entries.add(new RawStream.RawEntry(ts, e.getLine(), md));
            }
            out.add(new RawStream(s.getLabels(), null, entries));
        }
        return out;
    }
}
