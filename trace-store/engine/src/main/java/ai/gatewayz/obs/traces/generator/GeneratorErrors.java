package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** The generator's failures, one factory each; messages are {@code what [key=value]}. */
final class GeneratorErrors {
    private GeneratorErrors() {
    }

    static SuiteException badConfig(String key, String value, String reason) {
        return new SuiteException(ErrorKind.BAD_DATA, "invalid metrics_generator configuration [key=" + key + ", value=" + value
                + ", reason=" + reason + "]");
    }

    static SuiteException unreadableConfig(String file, String reason) {
        return new SuiteException(ErrorKind.BAD_DATA, "cannot read metrics_generator configuration [file=" + file + ", reason="
                + reason + "]");
    }
}
