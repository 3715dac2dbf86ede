package ai.gatewayz.obs.logs.logql.ast;

/** A parsed LogQL query: a log query ({@link LogQuery}) or a metric expression ({@link SampleExpr}). Immutable. */
public sealed interface Expr permits LogQuery, SampleExpr {
}
