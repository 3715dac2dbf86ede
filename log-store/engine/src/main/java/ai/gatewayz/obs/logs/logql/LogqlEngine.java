package ai.gatewayz.obs.logs.logql;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.logs.logql.ast.Expr;
import ai.gatewayz.obs.logs.logql.ast.Printer;
import ai.gatewayz.obs.logs.logql.eval.Evaluator;
import ai.gatewayz.obs.logs.logql.parser.Parser;
import ai.gatewayz.obs.logs.storage.LogQuerier;

/** LogQL over the storage seam: parse, then evaluate with one {@link Evaluator} per query. Stateless and thread-safe. */
public final class LogqlEngine implements LogqlQueries {
    private final LogqlOptions options;

    public LogqlEngine(LogqlOptions options) {
        this.options = options;
    }

    public LogqlEngine() {
        this(LogqlOptions.DEFAULTS);
    }

    public LogqlOptions options() {
        return options;
    }

    /** Parses a query; throws SuiteException(BAD_DATA) with Loki's parse error. */
    public static Expr parse(String query) {
        try {
            return Parser.parse(query);
        } catch (SuiteException e) {
            throw e;
        } catch (StackOverflowError e) {
            // The parser bounds nesting, but compiled frames can be large: a query that still
            // exhausts the stack is rejected as too deep, like the bound itself.
            throw new SuiteException(ErrorKind.BAD_DATA, "parse error : expression nested too deeply");
        } catch (RuntimeException e) {
            // a defect must still reach the client as a rejected query, never as a 500
            throw new SuiteException(ErrorKind.BAD_DATA, "parse error : " + e);
        }
    }

    @Override
    public LogqlResult evaluate(LogQuerier querier, LogqlRequest request) {
        Expr e = parse(request.query());
        return new Evaluator(querier, request, options).run(e);
    }

    @Override
    public String format(String query) {
        return Printer.print(parse(query));
    }
}
