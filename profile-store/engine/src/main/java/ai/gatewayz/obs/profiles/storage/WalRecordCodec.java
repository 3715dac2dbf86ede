package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.LocalSymbols;
import ai.gatewayz.obs.profiles.model.ProfileInput;
import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.ByteSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of one WAL record: a tenant and the profiles of one ingest request, with their own
 * local symbols (docs/formats/profile-wal.md). Stateless and thread-safe.
 */
final class WalRecordCodec {
    static final int VERSION = 1;

    private WalRecordCodec() {
    }

    static void encode(String tenant, List<ProfileInput> profiles, ByteSink out) {
        out.putByte(VERSION).putString(tenant).putUvarint(profiles.size());
        for (ProfileInput p : profiles) {
            Labels l = p.series();
            out.putUvarint(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.putString(l.name(i)).putString(l.value(i));
            }
            out.putVarint(p.timeNanos()).putVarint(p.durationNanos());
            LocalSymbols s = p.symbols();
            out.putUvarint(s.strings().size());
            for (String str : s.strings()) {
                out.putString(str);
            }
            out.putUvarint(s.mappings().size());
            for (LocalSymbols.Mapping m : s.mappings()) {
                out.putUvarint(m.memoryStart()).putUvarint(m.memoryLimit()).putUvarint(m.fileOffset())
                        .putUvarint(m.filename()).putUvarint(m.buildId());
            }
            out.putUvarint(s.functions().size());
            for (LocalSymbols.Function f : s.functions()) {
                out.putUvarint(f.name()).putUvarint(f.systemName()).putUvarint(f.filename()).putVarint(f.startLine());
            }
            out.putUvarint(s.locations().size());
            for (LocalSymbols.Location loc : s.locations()) {
                out.putUvarint(loc.mapping() + 1L).putUvarint(loc.address()).putUvarint(loc.functions().length);
                for (int i = 0; i < loc.functions().length; i++) {
                    out.putUvarint(loc.functions()[i]).putVarint(loc.lines()[i]);
                }
            }
            out.putUvarint(p.sampleCount());
            for (int i = 0; i < p.sampleCount(); i++) {
                int[] st = p.stacks()[i];
                out.putUvarint(st.length);
                for (int loc : st) {
                    out.putUvarint(loc);
                }
                out.putVarint(p.values()[i]).putUvarint(p.spanIds()[i]);
            }
        }
    }

    /** A decoded record. */
    record Decoded(String tenant, List<ProfileInput> profiles) {
    }

    static Decoded decode(byte[] buf, int off, int len) {
        ByteSource in = new ByteSource(buf, off, len);
        int version = in.getByte();
        if (version != VERSION) {
            throw new ai.gatewayz.obs.storage.io.CorruptDataException("unknown profile WAL record version [version=" + version + "]");
        }
        String tenant = in.getString();
        int n = in.getUvarintInt();
        List<ProfileInput> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int nl = in.getUvarintInt();
            Labels.Builder lb = Labels.builder();
            for (int i = 0; i < nl; i++) {
                lb.set(in.getString(), in.getString());
            }
            long time = in.getVarint();
            long duration = in.getVarint();
            LocalSymbols s = new LocalSymbols();
            int ns = in.getUvarintInt();
            List<String> strings = new ArrayList<>(ns);
            for (int i = 0; i < ns; i++) {
                strings.add(in.getString());
            }
            // strings are re-added in order so ids are preserved; index 0 is "" in both
            int[] sid = new int[ns];
            for (int i = 0; i < ns; i++) {
                sid[i] = s.string(strings.get(i));
            }
            int nm = in.getUvarintInt();
            for (int i = 0; i < nm; i++) {
                s.addMapping(new LocalSymbols.Mapping(in.getUvarint(), in.getUvarint(), in.getUvarint(),
                        sid[in.getUvarintInt()], sid[in.getUvarintInt()]));
            }
            int nf = in.getUvarintInt();
            for (int i = 0; i < nf; i++) {
                s.addFunction(new LocalSymbols.Function(sid[in.getUvarintInt()], sid[in.getUvarintInt()],
                        sid[in.getUvarintInt()], in.getVarint()));
            }
            int nloc = in.getUvarintInt();
            for (int i = 0; i < nloc; i++) {
                int mapping = in.getUvarintInt() - 1;
                long address = in.getUvarint();
                int lines = in.getUvarintInt();
                int[] fns = new int[lines];
                long[] ln = new long[lines];
                for (int j = 0; j < lines; j++) {
                    fns[j] = in.getUvarintInt();
                    ln[j] = in.getVarint();
                }
                s.addLocation(new LocalSymbols.Location(mapping, address, fns, ln));
            }
            int samples = in.getUvarintInt();
            int[][] stacks = new int[samples][];
            long[] values = new long[samples];
            long[] spans = new long[samples];
            for (int i = 0; i < samples; i++) {
                int depth = in.getUvarintInt();
                int[] st = new int[depth];
                for (int j = 0; j < depth; j++) {
                    st[j] = in.getUvarintInt();
                }
                stacks[i] = st;
                values[i] = in.getVarint();
                spans[i] = in.getUvarint();
            }
            out.add(new ProfileInput(lb.build(), time, duration, s, stacks, values, spans));
        }
        return new Decoded(tenant, out);
    }
}
