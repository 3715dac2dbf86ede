package ai.gatewayz.obs.metrics.rules;

import ai.gatewayz.obs.metrics.promql.PromqlQueryFunc;
import ai.gatewayz.obs.metrics.promql.parser.ParseException;
import ai.gatewayz.obs.metrics.promql.parser.Parser;
import ai.gatewayz.obs.rules.ExpressionValidator;
import java.util.Optional;

/**
 * Binds the rule engine to our PromQL engine: {@link PromqlQueryFunc} for evaluation and the PromQL
 * parser (syntax, functions, types) for validation. Registered as the {@link RuleEngineProvider}
 * service, so the rule tool and the corpus tests find it. Thread-safe.
 */
public final class PromqlRuleEngine implements RuleEngineProvider {
    private final PromqlQueryFunc query = new PromqlQueryFunc();

    @Override
    public StorageQueryFunc engine() {
        return query::query;
    }

    @Override
    public ExpressionValidator validator() {
        return expr -> {
            try {
                Parser.parse(expr);
                return Optional.empty();
            } catch (ParseException e) {
                return Optional.of(e.getMessage());
            }
        };
    }
}
