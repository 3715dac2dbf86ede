package ai.gatewayz.obs.alerts.config;

import java.util.List;
import java.util.Map;

/**
 * A loaded and validated alertmanager.yml. {@code original} is the file text as given (before
 * environment substitution, so secrets from the environment never show in the status API).
 * Immutable.
 */
public record AlertmanagerConfig(GlobalConfig global, Route route, List<InhibitRule> inhibitRules,
                                 Map<String, Receiver> receivers, List<String> templates,
                                 Map<String, TimeInterval> timeIntervals, String original) {
}
