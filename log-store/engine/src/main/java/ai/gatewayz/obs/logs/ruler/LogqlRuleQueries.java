package ai.gatewayz.obs.logs.ruler;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.logql.LogqlQueries;
import ai.gatewayz.obs.logs.logql.LogqlRequest;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.logql.ast.Expr;
import ai.gatewayz.obs.logs.logql.ast.LogQuery;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import ai.gatewayz.obs.rules.ExpressionValidator;
import ai.gatewayz.obs.rules.QueryFunc;
import ai.gatewayz.obs.rules.VectorSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The LogQL side of the shared rule engine: the {@link QueryFunc} that evaluates a rule's metric
 * query as an instant query over one tenant's logs (Loki's ruler does the same: instant evaluation at
 * the group's timestamp), and the {@link ExpressionValidator} that rejects rule expressions Loki's
 * parser rejects, plus log queries (a rule must produce samples). Stateless and thread-safe; each
 * evaluation opens and closes its own querier.
 */
public final class LogqlRuleQueries {
    private static final long MS = 1_000_000L;

    private LogqlRuleQueries() {
    }

    /** Accepts metric queries only; the message is the LogQL parser's. */
    public static ExpressionValidator validator() {
        return expr -> {
            try {
                Expr e = LogqlEngine.parse(expr);
                if (e instanceof LogQuery) {
                    return Optional.of(RulerErrors.logQueryInRule().getMessage());
                }
                return Optional.empty();
            } catch (SuiteException ex) {
                return Optional.of(ex.getMessage());
            }
        };
    }

    /** Rule queries of {@code tenant}: instant LogQL at the evaluation time, vector and scalar results. */
    public static QueryFunc queryFunc(TenantLogStorages storages, String tenant, LogqlQueries engine) {
        return (expr, timeMs) -> {
            long t = timeMs * MS;
            LogqlResult r;
            try (LogQuerier q = storages.forTenant(tenant).querier()) {
                r = engine.evaluate(q, new LogqlRequest(expr, t, t, 0, Direction.BACKWARD, 100));
            }
            return switch (r) {
                case LogqlResult.Vector v -> {
                    List<VectorSample> out = new ArrayList<>(v.samples().size());
                    for (LogqlResult.Sample s : v.samples()) {
                        out.add(new VectorSample(s.labels(), timeMs, s.value()));
                    }
                    yield out;
                }
                case LogqlResult.Scalar s -> List.of(new VectorSample(Labels.EMPTY, timeMs, s.value()));
                case LogqlResult.Matrix m -> throw RulerErrors.notAVector("matrix");
                case LogqlResult.Streams s -> throw RulerErrors.notAVector("streams");
            };
        };
    }
}
