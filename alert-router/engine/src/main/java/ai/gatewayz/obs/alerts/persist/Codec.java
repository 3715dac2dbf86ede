package ai.gatewayz.obs.alerts.persist;

import ai.gatewayz.obs.common.Labels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers to write and read record payloads with Data streams. Stateless. */
public final class Codec {
    private Codec() {
    }

    /** Writes into a fresh buffer and returns its bytes. */
    public static byte[] write(IoConsumer<DataOutputStream> body) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(bos);
            body.accept(out);
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DataInputStream reader(byte[] payload) {
        return new DataInputStream(new ByteArrayInputStream(payload));
    }

    public static void writeLabels(DataOutputStream out, Labels l) throws IOException {
        out.writeInt(l.size());
        for (int i = 0; i < l.size(); i++) {
            writeStr(out, l.name(i));
            writeStr(out, l.value(i));
        }
    }

    public static Labels readLabels(DataInputStream in) throws IOException {
        int n = in.readInt();
        Labels.Builder b = Labels.builder();
        for (int i = 0; i < n; i++) {
            b.set(readStr(in), readStr(in));
        }
        return b.build();
    }

    public static void writeMap(DataOutputStream out, Map<String, String> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<String, String> e : m.entrySet()) {
            writeStr(out, e.getKey());
            writeStr(out, e.getValue());
        }
    }

    public static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(readStr(in), readStr(in));
        }
        return m;
    }

    /** Length-prefixed UTF-8, without writeUTF's 64 KiB limit. */
    public static void writeStr(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    public static String readStr(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (64 << 20)) {
            throw new IOException("bad string length " + n);
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new java.io.EOFException();
        }
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A consumer that may throw IOException. */
    @FunctionalInterface
    public interface IoConsumer<T> {
        void accept(T t) throws IOException;
    }
}
