package ai.gatewayz.obs.rules;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The {@code rule_files} of a Prometheus configuration: glob patterns (relative to the
 * configuration file's directory; wildcards allowed in the last path element, as Go's
 * {@code filepath.Glob}) expanded to files, each parsed with the global evaluation interval as the
 * default group interval. All errors of all files are collected. Stateless and thread-safe.
 */
public final class RuleFiles {
    private RuleFiles() {
    }

    /** Expands the patterns to existing files, sorted and de-duplicated per pattern (Prometheus order). */
    public static List<Path> expand(List<String> patterns, Path baseDir) {
        List<Path> out = new ArrayList<>();
        for (String pattern : patterns) {
            Path p = Path.of(pattern);
            if (!p.isAbsolute() && baseDir != null) {
                p = baseDir.resolve(p);
            }
            p = p.normalize();
            String last = p.getFileName() == null ? "" : p.getFileName().toString();
            if (!hasMeta(last)) {
                if (Files.isRegularFile(p)) {
                    out.add(p);
                }
                continue;
            }
            Path dir = p.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + last);
            TreeSet<Path> matches = new TreeSet<>();
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> m.matches(f.getFileName()) && Files.isRegularFile(f)).forEach(matches::add);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            for (Path f : matches) {
                if (!out.contains(f)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    private static boolean hasMeta(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** Reads and validates every file; throws {@link RuleFileException} naming each problem. */
    public static List<RuleGroupSpec> load(List<Path> files, RuleParseOptions options) {
        List<RuleError> errors = new ArrayList<>();
        List<RuleGroupSpec> groups = new ArrayList<>();
        for (Path f : files) {
            String content;
            try {
                content = Files.readString(f);
            } catch (IOException e) {
                errors.add(new RuleError(f.toString(), 0, 0, null, 0, null, "cannot read file: " + e.getMessage()));
                continue;
            }
            groups.addAll(RuleFileParser.parse(f.toString(), content, options, errors));
        }
        if (!errors.isEmpty()) {
            throw new RuleFileException(errors);
        }
        return groups;
    }
}
