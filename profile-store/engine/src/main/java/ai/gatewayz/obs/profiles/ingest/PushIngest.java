package ai.gatewayz.obs.profiles.ingest;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.ProfileInput;
import ai.gatewayz.obs.profiles.pprof.PprofDecoder;
import ai.gatewayz.obs.proto.pyroscope.PushV1;
import ai.gatewayz.obs.proto.pyroscope.TypesV1;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code push.v1.PusherService/Push} (wire-protocols.md §5.3): each series' labels plus each raw
 * pprof sample → profiles; {@code __name__} names the profile type. Thread-safe (stateless).
 */
public final class PushIngest {
    private final PprofDecoder pprof;

    public PushIngest(PprofDecoder pprof) {
        this.pprof = pprof;
    }

    public List<ProfileInput> convert(PushV1.PushRequest req, long nowNanos) {
        List<ProfileInput> out = new ArrayList<>();
        for (PushV1.RawProfileSeries s : req.getSeriesList()) {
            Labels.Builder b = Labels.builder();
            String name = null;
            for (TypesV1.LabelPair l : s.getLabelsList()) {
                if (l.getName().equals(Labels.METRIC_NAME)) {
                    name = l.getValue();
                } else if (!AppName.validLabelName(l.getName())) {
                    throw IngestErrors.badPush("invalid label name [name=" + l.getName() + "]");
                } else {
                    b.set(l.getName(), l.getValue());
                }
            }
            Labels base = b.build();
            for (PushV1.RawSample raw : s.getSamplesList()) {
                for (ProfileInput in : pprof.convert(pprof.parse(raw.getRawProfile().toByteArray()), base, name, nowNanos)) {
                    if (in.sampleCount() > 0) {
                        out.add(in);
                    }
                }
            }
        }
        return out;
    }
}
