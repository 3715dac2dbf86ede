package ai.gatewayz.obs.profiles.ingest;

import ai.gatewayz.obs.profiles.model.StackProfileBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Folded ("groups") bodies {@code a;b;c 3} and {@code lines} bodies (one stack per line, count 1).
 * Values are multiplied by {@code multiplier} (the sampling period for CPU samples). Stateless.
 */
public final class FoldedParser {
    private FoldedParser() {
    }

    public static StackProfileBuilder parse(byte[] body, boolean lines, long multiplier) {
        StackProfileBuilder b = new StackProfileBuilder();
        String text = new String(body, StandardCharsets.UTF_8);
        int lineNo = 0;
        for (String raw : text.split("\n")) {
            lineNo++;
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isBlank()) {
                continue;
            }
            String stack;
            long value;
            if (lines) {
                stack = line;
                value = 1;
            } else {
                int sp = line.lastIndexOf(' ');
                if (sp <= 0) {
                    throw IngestErrors.badFolded(lineNo, line);
                }
                stack = line.substring(0, sp);
                try {
                    value = Long.parseLong(line.substring(sp + 1).trim());
                } catch (NumberFormatException e) {
                    throw IngestErrors.badFolded(lineNo, line);
                }
                if (value < 0) {
                    throw IngestErrors.badFolded(lineNo, line);
                }
            }
            if (stack.isEmpty()) {
                throw IngestErrors.badFolded(lineNo, line);
            }
            b.add(Arrays.asList(stack.split(";")), Math.multiplyExact(value, multiplier));
        }
        return b;
    }
}
