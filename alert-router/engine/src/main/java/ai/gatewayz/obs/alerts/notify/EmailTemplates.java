package ai.gatewayz.obs.alerts.notify;

import ai.gatewayz.obs.alerts.config.EmailConfig;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.gotemplate.GoTemplate;
import ai.gatewayz.obs.gotemplate.alertmanager.AlertmanagerTemplates;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Email subject and bodies. Configured values are Go templates (the suite's one engine, {@link GoTemplate},
 * with Alertmanager's functions) run on Alertmanager's template data ({@link TemplateData}); the
 * built-in templates {@code email.default.subject}, {@code email.default.html} and
 * {@code email.default.text} are implemented in Java. Templates are parsed when the configuration
 * loads, never at send time.
 * Stateless and thread-safe.
 */
public final class EmailTemplates {
    public static final String DEFAULT_SUBJECT = "{{ template \"email.default.subject\" . }}";
    public static final String DEFAULT_HTML = "{{ template \"email.default.html\" . }}";
    public static final String DEFAULT_TEXT = "{{ template \"email.default.text\" . }}";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC);

    private EmailTemplates() {
    }

    /** The rendered message: headers (incl. From, To, Subject), HTML body and text body (either may be null). */
    public record Rendered(Map<String, String> headers, String html, String text) {
    }

    public static Rendered render(EmailConfig cfg, Notification n) {
        Map<String, Object> data = TemplateData.of(n);
        java.util.function.Function<String, String> builtin = name -> switch (name) {
            case "email.default.subject", "__subject" -> subject(n);
            case "email.default.html" -> html(n);
            case "email.default.text" -> text(n);
            default -> null;
        };
        Map<String, String> headers = new LinkedHashMap<>();
        cfg.compiled().headers().forEach((k, t) -> headers.put(k, execute(t, data, builtin).trim()));
        String html = cfg.compiled().html() == null ? null : execute(cfg.compiled().html(), data, builtin);
        String text = cfg.compiled().text() == null
                ? (cfg.html() != null && cfg.html().trim().equals(DEFAULT_HTML) ? text(n) : null)
                : execute(cfg.compiled().text(), data, builtin);
        return new Rendered(headers, html, text);
    }

    private static String execute(GoTemplate t, Map<String, Object> data, java.util.function.Function<String, String> builtin) {
        return t.execute(data, Map.of(), AlertmanagerTemplates.functions(), builtin);
    }

    /** Alertmanager's default subject: {@code [FIRING:n] <group label values> (<other common label values>)}. */
    public static String subject(Notification n) {
        StringBuilder sb = new StringBuilder("[").append(n.status().toUpperCase(Locale.ROOT));
        if (n.status().equals("firing")) {
            sb.append(':').append(n.firing().size());
        }
        sb.append("] ");
        sb.append(String.join(" ", values(n.groupLabels())));
        if (n.commonLabels().size() > n.groupLabels().size()) {
            Labels.Builder b = n.commonLabels().toBuilder();
            for (int i = 0; i < n.groupLabels().size(); i++) {
                b.del(n.groupLabels().name(i));
            }
            sb.append(" (").append(String.join(" ", values(b.build()))).append(')');
        }
        return sb.toString().trim();
    }

    private static List<String> values(Labels l) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(l.value(i));
        }
        return out;
    }

    public static String text(Notification n) {
        StringBuilder sb = new StringBuilder();
        sb.append(subject(n)).append("\n\n");
        appendTextSection(sb, "Firing", n.firing());
        appendTextSection(sb, "Resolved", n.resolved());
        sb.append("Sent by alert-router (").append(n.externalURL()).append(")\n");
        return sb.toString();
    }

    private static void appendTextSection(StringBuilder sb, String title, List<Notification.Item> items) {
        if (items.isEmpty()) {
            return;
        }
        sb.append("[").append(items.size()).append("] ").append(title).append("\n");
        for (Notification.Item a : items) {
            sb.append("- Alert: ").append(a.labels().get("alertname")).append("\n");
            sb.append("  Severity: ").append(orDash(a.labels().get("severity"))).append("\n");
            ann(sb, a, "summary", "  Summary: ");
            ann(sb, a, "description", "  Description: ");
            String runbook = runbook(a);
            if (runbook != null) {
                sb.append("  Runbook: ").append(runbook).append("\n");
            }
            sb.append("  Started: ").append(TIME.format(Instant.ofEpochMilli(a.startsAt()))).append("\n");
            if (a.endsAt() > 0) {
                sb.append("  Ended: ").append(TIME.format(Instant.ofEpochMilli(a.endsAt()))).append("\n");
            }
            sb.append("  Labels:\n");
            a.labels().forEach((k, v) -> sb.append("    ").append(k).append(" = ").append(v).append("\n"));
            if (!a.annotations().isEmpty()) {
                sb.append("  Annotations:\n");
                new java.util.TreeMap<>(a.annotations()).forEach((k, v) -> sb.append("    ").append(k).append(" = ").append(v).append("\n"));
            }
            if (a.generatorURL() != null && !a.generatorURL().isEmpty()) {
                sb.append("  Source: ").append(a.generatorURL()).append("\n");
            }
            sb.append("\n");
        }
    }

    private static void ann(StringBuilder sb, Notification.Item a, String key, String prefix) {
        String v = a.annotations().get(key);
        if (v != null && !v.isEmpty()) {
            sb.append(prefix).append(v).append("\n");
        }
    }

    private static String runbook(Notification.Item a) {
        for (String k : new String[] {"runbook_url", "runbook"}) {
            String v = a.annotations().get(k);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    public static String html(Notification n) {
        StringBuilder sb = new StringBuilder(2048);
        String color = n.status().equals("firing") ? "#E6522C" : "#68B90F";
        sb.append("<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><title>").append(esc(subject(n)))
                .append("</title></head><body style=\"font-family:Helvetica,Arial,sans-serif;font-size:14px\">");
        sb.append("<h2 style=\"background:").append(color).append(";color:#fff;padding:12px\">").append(esc(subject(n))).append("</h2>");
        htmlSection(sb, "Firing", n.firing());
        htmlSection(sb, "Resolved", n.resolved());
        sb.append("<p style=\"color:#999\">Sent by <a href=\"").append(esc(n.externalURL())).append("\">alert-router</a></p>");
        sb.append("</body></html>");
        return sb.toString();
    }

    private static void htmlSection(StringBuilder sb, String title, List<Notification.Item> items) {
        if (items.isEmpty()) {
            return;
        }
        sb.append("<h3>[").append(items.size()).append("] ").append(title).append("</h3>");
        for (Notification.Item a : items) {
            sb.append("<table style=\"border-collapse:collapse;margin-bottom:16px\">");
            row(sb, "Alert", esc(a.labels().get("alertname")));
            row(sb, "Severity", esc(orDash(a.labels().get("severity"))));
            String s = a.annotations().get("summary");
            if (s != null) {
                row(sb, "Summary", esc(s));
            }
            String d = a.annotations().get("description");
            if (d != null) {
                row(sb, "Description", esc(d));
            }
            String rb = runbook(a);
            if (rb != null) {
                row(sb, "Runbook", "<a href=\"" + esc(rb) + "\">" + esc(rb) + "</a>");
            }
            row(sb, "Started", esc(TIME.format(Instant.ofEpochMilli(a.startsAt()))));
            if (a.endsAt() > 0) {
                row(sb, "Ended", esc(TIME.format(Instant.ofEpochMilli(a.endsAt()))));
            }
            StringBuilder labels = new StringBuilder();
            a.labels().forEach((k, v) -> labels.append(esc(k)).append(" = ").append(esc(v)).append("<br>"));
            row(sb, "Labels", labels.toString());
            if (!a.annotations().isEmpty()) {
                StringBuilder anns = new StringBuilder();
                new java.util.TreeMap<>(a.annotations()).forEach((k, v) -> anns.append(esc(k)).append(" = ").append(esc(v)).append("<br>"));
                row(sb, "Annotations", anns.toString());
            }
            if (a.generatorURL() != null && !a.generatorURL().isEmpty()) {
                row(sb, "Source", "<a href=\"" + esc(a.generatorURL()) + "\">" + esc(a.generatorURL()) + "</a>");
            }
            sb.append("</table>");
        }
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("<tr><td style=\"padding:4px 8px;font-weight:bold;vertical-align:top\">").append(k)
                .append("</td><td style=\"padding:4px 8px\">").append(v).append("</td></tr>");
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&#34;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
