package ai.gatewayz.obs.logs.logql.pipeline;

import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.logs.logql.ast.LabelFilter;
import ai.gatewayz.obs.logs.logql.parser.ByteSizes;
import ai.gatewayz.obs.logs.logql.parser.GoDurations;
import java.util.HashMap;
import java.util.Map;

/** Evaluates label filter predicates against a {@link LabelState}. One instance per pipeline (caches ip matchers). */
public final class LabelFilters {
    private final Map<String, IpMatcher> ips = new HashMap<>();

    public boolean test(LabelFilter f, LabelState st) {
        return switch (f) {
            case LabelFilter.And a -> test(a.left(), st) && test(a.right(), st);
            case LabelFilter.Or o -> test(o.left(), st) || test(o.right(), st);
            case LabelFilter.Paren p -> test(p.inner(), st);
            case LabelFilter.StringMatch m -> m.matcher().matches(st.get(m.matcher().name()));
            case LabelFilter.Ip ip -> {
                if (!st.has(ip.name())) {
                    yield false;
                }
                boolean in = ips.computeIfAbsent(ip.pattern(), IpMatcher::compile).matchesAddress(st.get(ip.name()));
                yield ip.negate() != in;
            }
            case LabelFilter.Compare c -> compare(c, st);
        };
    }

    private static boolean compare(LabelFilter.Compare c, LabelState st) {
        if (st.hasError()) {
            // only string matchers may filter out lines that already failed
            return true;
        }
        if (!st.has(c.name())) {
            return c.cmp() == LabelFilter.Cmp.NEQ;
        }
        String raw = st.get(c.name());
        Double v = switch (c.kind()) {
            case NUMBER -> GoFloat.parse(raw.strip());
            case DURATION -> {
                Long n = GoDurations.parseNanos(raw.strip());
                yield n == null ? null : n / 1e9;
            }
            case BYTES -> ByteSizes.parse(raw);
        };
        if (v == null) {
            st.setError("LabelFilterErr", switch (c.kind()) {
                case NUMBER -> "strconv.ParseFloat: parsing " + ai.gatewayz.obs.common.GoStrings.quote(raw) + ": invalid syntax";
                case DURATION -> "time: invalid duration " + ai.gatewayz.obs.common.GoStrings.quote(raw);
                case BYTES -> "invalid bytes " + ai.gatewayz.obs.common.GoStrings.quote(raw);
            });
            return true;
        }
        return c.cmp().test(v, c.value());
    }
}
