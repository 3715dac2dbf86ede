package ai.gatewayz.obs.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import ai.gatewayz.obs.proto.prometheus.v2.RemoteWriteV2;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The in-place remote-write decoder against the generated protobuf classes: whatever it accepts it
 * must decode exactly as they do, and whatever they refuse it must refuse (so the receiver falls
 * back and answers with their message).
 */
class WireRequestTest {

    /** Protobuf wire bytes written by hand. */
    static final class Wire {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Wire varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        Wire tag(int field, int wt) {
            return varint((long) field << 3 | wt);
        }

        Wire raw(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        Wire bytes(int field, byte[] b) {
            tag(field, 2).varint(b.length);
            out.writeBytes(b);
            return this;
        }

        Wire str(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Wire msg(int field, Wire inner) {
            return bytes(field, inner.build());
        }

        Wire fixed64(int field, long v) {
            tag(field, 1);
            for (int i = 0; i < 8; i++) {
                out.write((int) (v >>> (8 * i)) & 0xFF);
            }
            return this;
        }

        byte[] build() {
            return out.toByteArray();
        }
    }

    static Wire w() {
        return new Wire();
    }

    static Wire label(String n, String v) {
        return w().str(1, n).str(2, v);
    }

    static Wire sample(long t, double v) {
        return w().fixed64(1, Double.doubleToRawLongBits(v)).tag(2, 0).varint(t);
    }

    static Wire series(String name, long t, double v) {
        return w().msg(1, label("__name__", name)).msg(1, label("job", "j")).msg(2, sample(t, v));
    }

    /** The decoded series as text: labels and samples, for comparison with the generated classes. */
    static List<String> describe(WireRequest r) {
        List<String> out = new ArrayList<>();
        for (int s = 0; s < r.series; s++) {
            StringBuilder sb = new StringBuilder();
            for (int i = r.labelFrom[s]; i < r.labelTo[s]; i++) {
                sb.append(new String(r.buf, r.nameOff[i], r.nameLen[i], StandardCharsets.UTF_8)).append('=')
                        .append(new String(r.buf, r.valueOff[i], r.valueLen[i], StandardCharsets.UTF_8)).append(',');
            }
            for (int i = r.sampleFrom[s]; i < r.sampleTo[s]; i++) {
                sb.append(' ').append(r.ts[i]).append(':').append(r.vs[i]);
            }
            for (int x = r.exemplarFrom[s]; x < r.exemplarTo[s]; x++) {
                sb.append(" ex ").append(r.exTs[x]).append(':').append(r.exVs[x]).append(':').append(r.exLabelTo[x] - r.exLabelFrom[x]);
            }
            out.add(sb.toString());
        }
        for (int m = 0; m < r.metadata; m++) {
            out.add("md " + r.mdType[m] + " " + new String(r.buf, r.mdFamOff[m], r.mdFamLen[m], StandardCharsets.UTF_8) + " "
                    + new String(r.buf, r.mdHelpOff[m], r.mdHelpLen[m], StandardCharsets.UTF_8) + " "
                    + new String(r.buf, r.mdUnitOff[m], r.mdUnitLen[m], StandardCharsets.UTF_8));
        }
        return out;
    }

    static List<String> describe(RemoteWriteV1.WriteRequest req) {
        List<String> out = new ArrayList<>();
        for (RemoteWriteV1.TimeSeries ts : req.getTimeseriesList()) {
            StringBuilder sb = new StringBuilder();
            for (RemoteWriteV1.Label l : ts.getLabelsList()) {
                sb.append(l.getName()).append('=').append(l.getValue()).append(',');
            }
            for (RemoteWriteV1.Sample s : ts.getSamplesList()) {
                sb.append(' ').append(s.getTimestamp()).append(':').append(s.getValue());
            }
            for (RemoteWriteV1.Exemplar e : ts.getExemplarsList()) {
                sb.append(" ex ").append(e.getTimestamp()).append(':').append(e.getValue()).append(':').append(e.getLabelsCount());
            }
            out.add(sb.toString());
        }
        for (RemoteWriteV1.MetricMetadata md : req.getMetadataList()) {
            out.add("md " + md.getTypeValue() + " " + md.getMetricFamilyName() + " " + md.getHelp() + " " + md.getUnit());
        }
        return out;
    }

    /** Named 1.0 bodies; {@code fastPath} says whether the in-place decoder must accept it. */
    static Stream<Arguments> v1Cases() {
        byte[] badUtf8 = {'a', (byte) 0xC0, (byte) 0xAF};
        return Stream.of(
                Arguments.of("plain series", w().msg(1, series("up", 1000, 1.5)).build(), true),
                Arguments.of("empty body", new byte[0], true),
                Arguments.of("unknown fields at every level are skipped",
                        w().tag(9, 0).varint(7).fixed64(10, 1).raw(0x5D, 1, 2, 3, 4).str(11, "x")
                                .msg(1, w().tag(7, 0).varint(1).msg(1, label("__name__", "m").tag(3, 0).varint(5)).str(9, "zz")
                                        .msg(2, sample(5, 2.0).tag(5, 5).raw(0, 0, 0, 0)))
                                .build(), true),
                Arguments.of("known field with the wrong wire type is an unknown field",
                        w().tag(1, 0).varint(3).msg(1, w().tag(1, 0).varint(1).tag(2, 0).varint(9)
                                .msg(1, label("__name__", "m")).msg(2, w().tag(1, 0).varint(4).tag(2, 0).varint(8))).build(), true),
                Arguments.of("last occurrence of a scalar wins", w().msg(1, w().msg(1, label("__name__", "a").str(1, "__name__").str(2, "b"))
                        .msg(2, sample(1, 1).tag(2, 0).varint(2))).build(), true),
                Arguments.of("labels after samples are still the series' labels",
                        w().msg(1, w().msg(2, sample(1, 1)).msg(1, label("__name__", "m")).msg(2, sample(2, 2)).msg(1, label("a", "b"))).build(), true),
                Arguments.of("negative timestamp is a ten-byte varint",
                        w().msg(1, w().msg(1, label("__name__", "m")).msg(2, sample(-5, 0))).build(), true),
                Arguments.of("exemplars and metadata", w().msg(1, series("m", 1, 1).msg(3, w().msg(1, label("trace_id", "ab"))
                        .fixed64(2, Double.doubleToRawLongBits(3.5)).tag(3, 0).varint(7)))
                        .msg(3, w().tag(1, 0).varint(2).str(2, "m").str(4, "help text").str(5, "seconds")).build(), true),
                Arguments.of("truncated varint", w().tag(1, 2).raw(0x80).build(), false),
                Arguments.of("truncated varint inside a sample", w().msg(1, w().msg(2, w().tag(2, 0).raw(0xFF, 0xFF))).build(), false),
                Arguments.of("eleven-byte varint", w().msg(1, w().msg(2, w().tag(2, 0)
                        .raw(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01))).build(), false),
                Arguments.of("length past end", w().tag(1, 2).varint(50).raw(0x0A, 0x00).build(), false),
                Arguments.of("length past end of the enclosing message",
                        w().tag(1, 2).varint(4).tag(1, 2).varint(10).raw(0, 0).build(), false),
                Arguments.of("truncated fixed64", w().msg(1, w().msg(2, w().tag(1, 1).raw(1, 2, 3))).build(), false),
                Arguments.of("field number zero", w().raw(0x02, 0x00).build(), false),
                Arguments.of("wire type 6 is invalid", w().tag(5, 6).build(), false),
                Arguments.of("group wire types are left to the generated parser", w().tag(5, 3).tag(5, 4).build(), false),
                Arguments.of("native histograms are left to the generated parser",
                        w().msg(1, series("m", 1, 1).msg(4, w().tag(1, 0).varint(3))).build(), false),
                Arguments.of("invalid UTF-8 in metadata", w().msg(3, w().bytes(2, badUtf8)).build(), false),
                Arguments.of("invalid UTF-8 in an exemplar label", w().msg(1, series("m", 1, 1).msg(3, w().msg(1, w().bytes(1, badUtf8))))
                        .build(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("v1Cases")
    void v1DecodesLikeTheGeneratedClassesOrDefers(String name, byte[] body, boolean fastPath) {
        RemoteWriteV1.WriteRequest generated = null;
        try {
            generated = RemoteWriteV1.WriteRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            // the generated parser refuses: the fast path must refuse as well
        }
        WireRequest r = new WireRequest();
        if (fastPath) {
            assertThat(generated).as("generated parser accepts").isNotNull();
            assertThat(describe(r.decodeV1(body, body.length))).isEqualTo(describe(generated));
        } else {
            assertThatThrownBy(() -> r.decodeV1(body, body.length)).isInstanceOf(WireReader.Unsupported.class);
        }
    }

    @Test
    void decoderIsReusableAcrossBodiesOfDifferentSizes() {
        WireRequest r = new WireRequest();
        Wire big = w();
        for (int i = 0; i < 300; i++) {
            big.msg(1, series("m" + i, i, i));
        }
        byte[] b1 = big.build();
        assertThat(r.decodeV1(b1, b1.length).series).isEqualTo(300);
        assertThat(r.samples).isEqualTo(300);
        byte[] b2 = w().msg(1, series("x", 1, 1)).build();
        assertThat(describe(r.decodeV1(b2, b2.length))).containsExactly("__name__=x,job=j, 1:1.0");
        assertThat(r.keyFrom[0]).isGreaterThanOrEqualTo(0);
    }

    @Test
    void interleavedLabelFieldsHaveNoCacheKey() {
        byte[] b = w().msg(1, w().msg(1, label("__name__", "m")).msg(2, sample(1, 1)).msg(1, label("a", "b"))).build();
        WireRequest r = new WireRequest().decodeV1(b, b.length);
        assertThat(r.keyFrom[0]).isEqualTo(-1);
    }

    @Test
    void v2SymbolsRefsSamplesAndMetadata() throws Exception {
        RemoteWriteV2.Request req = RemoteWriteV2.Request.newBuilder()
                .addSymbols("").addSymbols("__name__").addSymbols("m").addSymbols("job").addSymbols("j").addSymbols("help")
                .addTimeseries(RemoteWriteV2.TimeSeries.newBuilder().addAllLabelsRefs(List.of(1, 2, 3, 4))
                        .addSamples(RemoteWriteV2.Sample.newBuilder().setTimestamp(5).setValue(2.5).setStartTimestamp(3))
                        .setMetadata(RemoteWriteV2.Metadata.newBuilder().setTypeValue(1).setHelpRef(5)))
                .build();
        byte[] b = req.toByteArray();
        WireRequest r = new WireRequest().decodeV2(b, b.length);
        assertThat(r.symbols).isEqualTo(6);
        assertThat(r.series).isEqualTo(1);
        assertThat(java.util.Arrays.copyOfRange(r.ref, r.labelFrom[0], r.labelTo[0])).containsExactly(1, 2, 3, 4);
        assertThat(r.ts[0]).isEqualTo(5);
        assertThat(r.vs[0]).isEqualTo(2.5);
        assertThat(r.metaType[0]).isEqualTo(1);
        assertThat(r.metaHelp[0]).isEqualTo(5);
        // Unpacked refs decode the same as packed ones.
        byte[] unpacked = w().str(4, "").str(4, "__name__").str(4, "m")
                .msg(5, w().tag(1, 0).varint(1).tag(1, 0).varint(2).msg(2, sample(7, 1))).build();
        WireRequest u = new WireRequest().decodeV2(unpacked, unpacked.length);
        assertThat(java.util.Arrays.copyOfRange(u.ref, u.labelFrom[0], u.labelTo[0])).containsExactly(1, 2);
        assertThat(RemoteWriteV2.Request.parseFrom(unpacked).getTimeseries(0).getLabelsRefsList()).containsExactly(1, 2);
    }

    @Test
    void v2InvalidUtf8SymbolAndTruncatedPackedRefsDefer() {
        byte[] badSymbol = w().str(4, "").bytes(4, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}).build();
        assertThatThrownBy(() -> RemoteWriteV2.Request.parseFrom(badSymbol)).isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> new WireRequest().decodeV2(badSymbol, badSymbol.length)).isInstanceOf(WireReader.Unsupported.class);
        byte[] truncatedPacked = w().msg(5, w().tag(1, 2).varint(2).raw(0x01, 0x80)).build();
        assertThatThrownBy(() -> RemoteWriteV2.Request.parseFrom(truncatedPacked)).isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> new WireRequest().decodeV2(truncatedPacked, truncatedPacked.length))
                .isInstanceOf(WireReader.Unsupported.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("utf8Cases")
    void utf8CheckAgreesWithProtobuf(String name, byte[] bytes) {
        assertThat(WireReader.validUtf8(bytes, 0, bytes.length)).isEqualTo(com.google.protobuf.Internal.isValidUtf8(bytes));
    }

    static Stream<Arguments> utf8Cases() {
        return Stream.of(
                Arguments.of("ascii", "abc".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("two, three and four bytes", "é€😀".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("overlong slash", new byte[] {(byte) 0xC0, (byte) 0xAF}),
                Arguments.of("overlong three-byte", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}),
                Arguments.of("surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                Arguments.of("above U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                Arguments.of("truncated sequence", new byte[] {'a', (byte) 0xE2, (byte) 0x82}),
                Arguments.of("lone continuation", new byte[] {(byte) 0x80}),
                Arguments.of("F5 lead", new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}));
    }
}
