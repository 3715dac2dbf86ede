package ai.gatewayz.obs.alerts.config;

import ai.gatewayz.obs.gotemplate.GoTemplate;
import ai.gatewayz.obs.gotemplate.TemplateException;
import ai.gatewayz.obs.gotemplate.alertmanager.AlertmanagerTemplates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed header, HTML and text templates of one {@code email_configs} entry, with the
 * {@code define}s of the configured template files. Parsed when the configuration loads so a bad
 * template fails the load, never a send. Immutable.
 */
public record EmailTemplateSet(Map<String, GoTemplate> headers, GoTemplate html, GoTemplate text) {

    public static EmailTemplateSet compile(String path, String html, String text, Map<String, String> headers,
            List<GoTemplate> files) {
        Map<String, GoTemplate> hs = new LinkedHashMap<>();
        headers.forEach((k, v) -> hs.put(k, parse(path + ".headers." + k, v, files)));
        return new EmailTemplateSet(hs, html == null ? null : parse(path + ".html", html, files),
                text == null ? null : parse(path + ".text", text, files));
    }

    private static GoTemplate parse(String field, String value, List<GoTemplate> files) {
        try {
            return AlertmanagerTemplates.parse(field, value).withDefinitions(files);
        } catch (TemplateException e) {
            throw new ConfigException("invalid template [field=" + field + ", error=" + e.getMessage() + "]");
        }
    }
}
