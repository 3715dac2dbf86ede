package ai.gatewayz.obs.logs.logql.ast;

import ai.gatewayz.obs.common.LabelMatcher;
import java.util.List;

/** A stream selector and its pipeline, stages in order. Immutable. */
public record LogQuery(List<LabelMatcher> matchers, List<Stage> stages) implements Expr {
    public LogQuery {
        matchers = List.copyOf(matchers);
        stages = List.copyOf(stages);
    }
}
