package ai.gatewayz.obs.traces.disk;

import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The string table of a block or WAL record: every name, service, attribute key and string value
 * is stored once and referenced by its index. Id 0 is always the empty string. Not thread-safe
 * while being built; a decoded dictionary is immutable.
 */
final class StringDictionary {
    private final Map<String, Integer> ids;
    private final List<String> strings;

    private StringDictionary(Map<String, Integer> ids, List<String> strings) {
        this.ids = ids;
        this.strings = strings;
    }

    static StringDictionary builder() {
        StringDictionary d = new StringDictionary(new HashMap<>(), new ArrayList<>());
        d.id("");
        return d;
    }

    int id(String s) {
        Integer id = ids.get(s);
        if (id == null) {
            id = strings.size();
            ids.put(s, id);
            strings.add(s);
        }
        return id;
    }

    String get(int id) {
        if (id < 0 || id >= strings.size()) {
            throw new CorruptDataException("string id out of range [id=" + id + ", size=" + strings.size() + "]");
        }
        return strings.get(id);
    }

    int size() {
        return strings.size();
    }

    void writeTo(ByteSink out) {
        out.putUvarint(strings.size());
        for (String s : strings) {
            out.putString(s);
        }
    }

    static StringDictionary read(ByteSource in) {
        int n = in.getUvarintInt();
        List<String> strings = new ArrayList<>(Math.min(n, 1 << 16));
        for (int i = 0; i < n; i++) {
            strings.add(in.getString());
        }
        if (n == 0 || !strings.getFirst().isEmpty()) {
            throw new CorruptDataException("dictionary must start with the empty string");
        }
        return new StringDictionary(null, strings);
    }
}
