package ai.gatewayz.obs.metrics.promql;

import ai.gatewayz.obs.metrics.promql.engine.PromqlEngine;
import ai.gatewayz.obs.metrics.promql.engine.QueryOptions;
import ai.gatewayz.obs.metrics.promql.engine.QueryResult;
import ai.gatewayz.obs.metrics.promql.parser.ParseException;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.testkit.promqltest.PromqlTestEngine;
import java.util.ArrayList;
import java.util.List;

/** Binds the promqltest runner to our engine over the in-memory storage. */
public final class InProcessPromqlTestEngine implements PromqlTestEngine {
    private final PromqlEngine engine;
    private Storage storage = new MemoryStorage();

    public InProcessPromqlTestEngine() {
        this(new PromqlEngine(QueryOptions.DEFAULTS));
    }

    public InProcessPromqlTestEngine(PromqlEngine engine) {
        this.engine = engine;
    }

    public Storage storage() {
        return storage;
    }

    @Override
    public void clear() {
        storage = new MemoryStorage();
    }

    @Override
    public void load(List<LoadedSeries> series) {
        Appender a = storage.appender();
        for (LoadedSeries s : series) {
            long ref = 0;
            for (int i = 0; i < s.t().length; i++) {
                ref = a.append(ref, s.labels(), s.t()[i], s.v()[i]);
            }
        }
        a.commit();
    }

    @Override
    public Result instant(String expr, long timeMs) {
        return convert(engine.instant(storage, expr, timeMs));
    }

    @Override
    public Result range(String expr, long startMs, long endMs, long stepMs) {
        return convert(engine.range(storage, expr, startMs, endMs, stepMs));
    }

    static Result convert(QueryResult r) {
        return switch (r.type()) {
            case SCALAR -> new Scalar(r.scalar(), r.warnings(), r.infos());
            case STRING -> new Str(r.string(), r.warnings(), r.infos());
            case VECTOR -> {
                List<Sample> out = new ArrayList<>();
                for (QueryResult.Sample s : r.vector()) {
                    out.add(new Sample(s.labels(), s.v()));
                }
                yield new Vector(out, r.warnings(), r.infos());
            }
            case MATRIX -> {
                List<Series> out = new ArrayList<>();
                for (QueryResult.SeriesPoints s : r.matrix()) {
                    out.add(new Series(s.labels(), s.t(), s.v()));
                }
                yield new Matrix(out, r.warnings(), r.infos());
            }
        };
    }

    /** Parse errors as the runner compares them: the bare reason without the position prefix. */
    static String message(RuntimeException e) {
        return e instanceof ParseException p ? p.reason() : e.getMessage();
    }
}
