package ai.gatewayz.obs.alerts.config;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** An alertmanager.yml that cannot be loaded; the message says what and where. */
public final class ConfigException extends SuiteException {
    public ConfigException(String message) {
        super(ErrorKind.BAD_DATA, message);
    }

    public ConfigException(String message, Throwable cause) {
        super(ErrorKind.BAD_DATA, message, cause);
    }
}
