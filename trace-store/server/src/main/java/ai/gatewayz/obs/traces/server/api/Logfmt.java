package ai.gatewayz.obs.traces.server.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** The logfmt {@code tags} parameter of Tempo's legacy search: {@code k=v k2="v with space"}. */
final class Logfmt {
    private Logfmt() {
    }

    static Map<String, String> parse(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s == null) {
            return out;
        }
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            int k = i;
            while (i < n && s.charAt(i) != '=' && s.charAt(i) != ' ') {
                i++;
            }
            if (k == i) {
                break;
            }
            String key = s.substring(k, i);
            String value = "";
            if (i < n && s.charAt(i) == '=') {
                i++;
                if (i < n && s.charAt(i) == '"') {
                    StringBuilder sb = new StringBuilder();
                    i++;
                    while (i < n && s.charAt(i) != '"') {
                        if (s.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        sb.append(s.charAt(i++));
                    }
                    if (i >= n) {
                        throw TempoErrors.badParam("tags", s, "unterminated quoted value");
                    }
                    i++;
                    value = sb.toString();
                } else {
                    int v = i;
                    while (i < n && s.charAt(i) != ' ') {
                        i++;
                    }
                    value = s.substring(v, i);
                }
            }
            out.put(key, value);
        }
        return out;
    }
}
