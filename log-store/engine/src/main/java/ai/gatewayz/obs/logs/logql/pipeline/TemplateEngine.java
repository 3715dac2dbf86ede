package ai.gatewayz.obs.logs.logql.pipeline;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Go text/template engine line_format and label_format run on. A role, so the implementation
 * can move (today metrics-store's rule template engine; later libs/gotemplate) without touching
 * the pipeline. Implementations are thread-safe; a compiled template is as thread-safe as the
 * functions bound to it.
 */
public interface TemplateEngine {
    /** Parses {@code text} with these functions bound; throws IllegalArgumentException with the engine's message when invalid. */
    Compiled parse(String name, String text, Map<String, Function<List<Object>, Object>> functions);

    /** A parsed template. */
    interface Compiled {
        /** Runs with {@code dot} as {@code .}; throws IllegalStateException on a runtime error. */
        String execute(Object dot);
    }
}
