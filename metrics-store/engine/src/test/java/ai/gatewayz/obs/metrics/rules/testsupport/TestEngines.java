package ai.gatewayz.obs.metrics.rules.testsupport;

import ai.gatewayz.obs.metrics.rules.RuleEngineProvider;
import ai.gatewayz.obs.metrics.rules.StorageQueryFunc;
import ai.gatewayz.obs.rules.ExpressionValidator;
import java.util.ServiceLoader;

/**
 * The engine corpus tests run against: the real PromQL engine when one registers a
 * {@link RuleEngineProvider} on the test class path, otherwise the test-support stand-ins.
 */
public final class TestEngines {
    private static final RuleEngineProvider REAL = ServiceLoader.load(RuleEngineProvider.class).findFirst().orElse(null);

    private TestEngines() {
    }

    public static boolean real() {
        return REAL != null;
    }

    public static StorageQueryFunc engine() {
        return REAL != null ? REAL.engine() : new SelectorQueryFunc();
    }

    public static ExpressionValidator validator() {
        return REAL != null ? REAL.validator() : new PlaceholderExpressionValidator();
    }
}
