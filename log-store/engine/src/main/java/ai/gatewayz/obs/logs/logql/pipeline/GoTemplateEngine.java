package ai.gatewayz.obs.logs.logql.pipeline;

import ai.gatewayz.obs.gotemplate.GoTemplate;
import ai.gatewayz.obs.gotemplate.TemplateException;
import ai.gatewayz.obs.gotemplate.TemplateFunction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** {@link TemplateEngine} on the suite's one Go template implementation (metrics-store's GoTemplate). Thread-safe. */
final class GoTemplateEngine implements TemplateEngine {
    static final GoTemplateEngine INSTANCE = new GoTemplateEngine();

    @Override
    public Compiled parse(String name, String text, Map<String, Function<List<Object>, Object>> functions) {
        GoTemplate t;
        try {
            t = GoTemplate.parse(name, text, Set.copyOf(functions.keySet()), Set.of());
        } catch (TemplateException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<String, TemplateFunction> fs = new HashMap<>(functions.size() * 2);
        for (Map.Entry<String, Function<List<Object>, Object>> e : functions.entrySet()) {
            Function<List<Object>, Object> f = e.getValue();
            fs.put(e.getKey(), args -> {
                try {
                    return f.apply(args);
                } catch (RuntimeException ex) {
                    throw new TemplateException(ex.getMessage() == null ? ex.toString() : ex.getMessage());
                }
            });
        }
        Map<String, Object> noVars = Map.of();
        return dot -> {
            try {
                return t.execute(dot, noVars, fs);
            } catch (RuntimeException | StackOverflowError e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        };
    }
}
