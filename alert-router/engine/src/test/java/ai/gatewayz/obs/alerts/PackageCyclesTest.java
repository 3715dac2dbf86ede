package ai.gatewayz.obs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages form no cycle (config once depended on notify for templates and notify on
 * config): every reference from one {@code ai.gatewayz.obs.alerts} sub-package to another, by import
 * or fully qualified, is an edge, and that graph must be acyclic. The root package ({@code AlertRouter},
 * {@code AlertErrors}, {@code PostableAlert}) is left out: it still both uses and is used by
 * {@code model}, {@code silence} and {@code store}, a known leftover.
 */
class PackageCyclesTest {
    private static final Pattern REF = Pattern.compile("ai\\.gatewayz\\.obs\\.alerts((?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void enginePackagesHaveNoCycle() throws IOException {
        Path root = Path.of(System.getProperty("suite.sourceRoot", "."))
                .resolve("alert-router/engine/src/main/java/ai/gatewayz/obs/alerts");
        Map<String, Set<String>> edges = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                Matcher m = REF.matcher(code);
                while (m.find()) {
                    String to = m.group(1).isEmpty() ? "" : m.group(1).substring(1);
                    if (!to.equals(pkg) && !pkg.isEmpty() && !to.isEmpty()) {
                        edges.computeIfAbsent(pkg, k -> new HashSet<>()).add(to);
                    }
                }
            }
        }
        assertThat(edges).containsKey("notify");
        assertThat(edges.getOrDefault("config", Set.of())).doesNotContain("notify");
        List<String> cycle = findCycle(edges);
        assertThat(cycle).as("package cycle").isEmpty();
    }

    private static List<String> findCycle(Map<String, Set<String>> edges) {
        Set<String> done = new HashSet<>();
        for (String start : edges.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> c = dfs(start, edges, path, done);
            if (!c.isEmpty()) {
                return c;
            }
        }
        return List.of();
    }

    private static List<String> dfs(String n, Map<String, Set<String>> edges, List<String> path, Set<String> done) {
        int at = path.indexOf(n);
        if (at >= 0) {
            List<String> c = new ArrayList<>(path.subList(at, path.size()));
            c.add(n);
            return c;
        }
        if (done.contains(n)) {
            return List.of();
        }
        path.add(n);
        for (String next : edges.getOrDefault(n, Set.of())) {
            List<String> c = dfs(next, edges, path, done);
            if (!c.isEmpty()) {
                return c;
            }
        }
        path.removeLast();
        done.add(n);
        return List.of();
    }
}
