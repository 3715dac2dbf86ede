package ai.gatewayz.obs.profiles.settings;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import java.nio.file.Path;

/** Failures of settings storage, one factory each. */
final class SettingsErrors {
    private SettingsErrors() {
    }

    static SuiteException cannotCreateDirectory(Path dir, Exception cause) {
        return new SuiteException(ErrorKind.UNAVAILABLE, "cannot create settings directory [dir=" + dir + ", cause=" + cause.getMessage() + "]", cause);
    }

    static SuiteException cannotRead(Path file, Exception cause) {
        return new SuiteException(ErrorKind.INTERNAL, "cannot read settings [file=" + file + ", cause=" + cause.getMessage() + "]", cause);
    }

    static SuiteException cannotWrite(String tenant, Exception cause) {
        return new SuiteException(ErrorKind.UNAVAILABLE, "cannot write settings [tenant=" + tenant + ", cause=" + cause.getMessage() + "]", cause);
    }
}
