package ai.gatewayz.obs.alerts.config;

import java.util.Map;

/**
 * One {@code email_configs} entry with the global SMTP defaults already applied. {@code html} and
 * {@code text} are template texts (null text = no plain part unless the default applies). Immutable.
 */
public record EmailConfig(boolean sendResolved, String to, String from, String hello, String smarthost,
                          String authUsername, String authPassword, String authPasswordFile, String authSecret,
                          String authIdentity, boolean requireTls, boolean insecureSkipVerify,
                          String html, String text, Map<String, String> headers,
                          EmailTemplateSet compiled) {

    public String host() {
        int i = smarthost.lastIndexOf(':');
        return smarthost.substring(0, i);
    }

    public int port() {
        int i = smarthost.lastIndexOf(':');
        return Integer.parseInt(smarthost.substring(i + 1));
    }
}
