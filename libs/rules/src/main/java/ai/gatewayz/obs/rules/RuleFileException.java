package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import java.util.List;
import java.util.stream.Collectors;

/** A rule file (or a set of them) failed validation; carries every error found. */
public final class RuleFileException extends SuiteException {
    private final List<RuleError> errors;

    public RuleFileException(List<RuleError> errors) {
        super(ErrorKind.BAD_DATA, "invalid rule file [errors=" + errors.size() + "]: "
                + errors.stream().map(RuleError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }
}
