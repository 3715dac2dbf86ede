package ai.gatewayz.obs.logs.logql.ast;

import ai.gatewayz.obs.common.LabelMatcher;
import java.util.List;

/** One pipeline stage. Immutable records. */
public sealed interface Stage {
    enum FilterOp {
        CONTAINS("|="), NOT_CONTAINS("!="), REGEX("|~"), NOT_REGEX("!~"), PATTERN("|>"), NOT_PATTERN("!>");

        public final String symbol;

        FilterOp(String symbol) {
            this.symbol = symbol;
        }

        public boolean negative() {
            return this == NOT_CONTAINS || this == NOT_REGEX || this == NOT_PATTERN;
        }
    }

    /** One alternative of a line filter: a string, or {@code ip("...")} when {@code ip}. */
    record FilterValue(String value, boolean ip) {}

    /** {@code |= "a" or "b"}: the operator applies to every alternative. */
    record LineFilter(FilterOp op, List<FilterValue> values) implements Stage {
        public LineFilter {
            values = List.copyOf(values);
        }
    }

    /** A {@code name="expression"} parameter of json or logfmt ({@code expression} is the name when bare). */
    record Param(String name, String expression, boolean bare) {}

    record Json(List<Param> params) implements Stage {
        public Json {
            params = List.copyOf(params);
        }
    }

    record Logfmt(boolean strict, boolean keepEmpty, List<Param> params) implements Stage {
        public Logfmt {
            params = List.copyOf(params);
        }
    }

    record Regexp(String regex) implements Stage {}

    record Pattern(String pattern) implements Stage {}

    record Unpack() implements Stage {}

    record Decolorize() implements Stage {}

    record LabelFilterStage(LabelFilter filter) implements Stage {}

    record LineFormat(String template) implements Stage {}

    /** {@code dst=src} (rename) or {@code dst="template"}. */
    record LabelFmt(String dst, String value, boolean template) {}

    record LabelFormat(List<LabelFmt> formats) implements Stage {
        public LabelFormat {
            formats = List.copyOf(formats);
        }
    }

    /** A name of drop/keep, optionally conditioned by a matcher on its value. */
    record NamedMatcher(String name, LabelMatcher matcher) {}

    record Drop(List<NamedMatcher> labels) implements Stage {
        public Drop {
            labels = List.copyOf(labels);
        }
    }

    record Keep(List<NamedMatcher> labels) implements Stage {
        public Keep {
            labels = List.copyOf(labels);
        }
    }

    record Distinct(List<String> labels) implements Stage {
        public Distinct {
            labels = List.copyOf(labels);
        }
    }
}
