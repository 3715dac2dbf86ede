package ai.gatewayz.obs.jsonproxy.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses the backend's provider-health exposition ({@code /prometheus/data/metrics}, Prometheus text
 * format): per-provider {@code health_score}, {@code error_rate}, {@code provider_availability},
 * {@code total_requests}, {@code avg_latency_ms}, and the one-hot {@code circuit_breaker_state}.
 * Lines it does not know are ignored; a malformed sample line is an error naming the line.
 */
public final class DataMetricsParser {
    private DataMetricsParser() {
    }

    public static Snapshot parse(String text, Instant at) {
        Map<String, Map<String, Double>> byProvider = new TreeMap<>();
        List<BreakerState> breakers = new ArrayList<>();
        int no = 0;
        for (String line : text.split("\n")) {
            no++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("malformed sample [line=" + no + ", text=" + line + "]");
            }
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            Map<String, String> labels = brace >= 0 && brace < space ? labels(line.substring(brace + 1, line.lastIndexOf('}')), no) : Map.of();
            double value;
            try {
                value = Double.parseDouble(line.substring(space + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed value [line=" + no + ", text=" + line + "]", e);
            }
            String provider = labels.get("provider");
            switch (name) {
                case "health_score", "error_rate", "provider_availability", "total_requests", "avg_latency_ms" -> {
                    if (provider != null) {
                        byProvider.computeIfAbsent(provider, k -> new HashMap<>()).put(name, value);
                    }
                }
                case "circuit_breaker_state" -> {
                    if (provider != null && value == 1.0 && labels.containsKey("state")) {
                        breakers.add(new BreakerState(provider, labels.getOrDefault("model", ""), labels.get("state")));
                    }
                }
                default -> {
                }
            }
        }
        List<ProviderHealth> providers = new ArrayList<>();
        byProvider.forEach((p, v) -> providers.add(new ProviderHealth(p, v.getOrDefault("health_score", 100.0), v.getOrDefault("error_rate", 0.0),
            v.getOrDefault("provider_availability", 100.0), v.getOrDefault("total_requests", 0.0), v.getOrDefault("avg_latency_ms", 0.0))));
        return new Snapshot(at, providers, breakers);
    }

    private static Map<String, String> labels(String s, int no) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        while (i < s.length()) {
            int eq = s.indexOf('=', i);
            if (eq < 0 || eq + 1 >= s.length() || s.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("malformed labels [line=" + no + ", labels=" + s + "]");
            }
            String name = s.substring(i, eq).trim();
            StringBuilder v = new StringBuilder();
            int j = eq + 2;
            while (j < s.length() && s.charAt(j) != '"') {
                char c = s.charAt(j);
                if (c == '\\' && j + 1 < s.length()) {
                    char n = s.charAt(++j);
                    v.append(n == 'n' ? '\n' : n);
                } else {
                    v.append(c);
                }
                j++;
            }
            if (j >= s.length()) {
                throw new IllegalArgumentException("unterminated label value [line=" + no + ", labels=" + s + "]");
            }
            out.put(name, v.toString());
            i = j + 1;
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
            }
        }
        return out;
    }
}
