package ai.gatewayz.obs.sim.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The metric catalogue rows of the telemetry contract (section 2.1), read from the markdown. */
public final class Contract {
    /** One catalogue row. */
    public record Metric(String name, String type, Set<String> labels, List<Double> buckets, boolean written, boolean onDashboards) {
    }

    private Contract() {
    }

    public static List<Metric> metrics(Path contract) throws IOException {
        String t = Files.readString(contract);
        String sec = t.substring(t.indexOf("## 2.1"), t.indexOf("### 2.x"));
        List<Metric> out = new ArrayList<>();
        for (String line : sec.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] c = Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|")).map(String::trim).toArray(String[]::new);
            String name = c[0].replace("`", "");
            Set<String> labels = c[2].equals("—") ? Set.of()
                : Arrays.stream(c[2].split(",")).map(String::trim).collect(Collectors.toCollection(TreeSet::new));
            List<Double> buckets = c[3].isBlank() ? List.of() : Arrays.stream(c[3].split(",")).map(String::trim).map(Double::parseDouble).toList();
            boolean written = c[4].equals("yes");
            out.add(new Metric(name, c[1].toLowerCase(java.util.Locale.ROOT), labels, buckets, written, !c[5].equals("—")));
        }
        return out;
    }
}
