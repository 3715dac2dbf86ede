package ai.gatewayz.obs.gotemplate;

import java.util.List;

/** A function callable from a template. Implementations must be thread-safe. */
@FunctionalInterface
public interface TemplateFunction {
    /** Applies the function; throws {@link TemplateException} (message without prefix) on bad arguments. */
    Object apply(List<Object> args);
}
