package ai.gatewayz.obs.monitoring.dashboards;

import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The substitution Grafana's Tempo datasource applies to a trace-to-logs/-metrics/-profiles query
 * for one span: provisioning's {@code $$} becomes {@code $}; {@code $__tags} / {@code ${__tags}}
 * becomes {@code label="value"} for each configured tag the span (else its resource) carries, the tag's
 * {@code value} naming the label (else the key), joined by {@code ", "}; {@code ${__trace.traceId}},
 * {@code ${__span.spanId}}, {@code ${__span.name}} and {@code ${__span.tags.<key>}} take the
 * span's values. Anything else left in {@code ${__…}} form is an error, so a link that would not
 * resolve fails here. Stateless.
 */
final class LinkTemplate {
    private static final Pattern VAR = Pattern.compile("\\$\\{(__[A-Za-z.]+(?:\\[\"[^\"]+\"])?)}|\\$(__tags)");

    private LinkTemplate() {
    }

    static String resolve(String template, Span span, List<Map<String, Object>> tags) {
        String t = template.replace("$$", "$");
        Matcher m = VAR.matcher(t);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String v;
            if (name.equals("__tags")) {
                v = tags(span, tags);
            } else if (name.equals("__trace.traceId")) {
                v = span.traceId().hex();
            } else if (name.equals("__span.spanId")) {
                v = String.format("%016x", span.spanId());
            } else if (name.equals("__span.name")) {
                v = span.name();
            } else if (name.startsWith("__span.tags.")) {
                v = attribute(span, name.substring("__span.tags.".length()));
            } else {
                v = null;
            }
            if (v == null) {
                throw new IllegalArgumentException("link variable does not resolve [variable=" + m.group() + ", template=" + template + "]");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        String out = m.appendTail(sb).toString();
        if (out.contains("${__") || out.contains("$__")) {
            throw new IllegalArgumentException("link variable left unresolved [query=" + out + "]");
        }
        return out;
    }

    private static String tags(Span span, List<Map<String, Object>> tags) {
        if (tags == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> tag : tags) {
            String key = String.valueOf(tag.get("key"));
            String v = attribute(span, key);
            if (v != null) {
                Object label = tag.get("value");
                parts.add((label == null || label.toString().isEmpty() ? key : label) + "=\"" + v + "\"");
            }
        }
        return String.join(", ", parts);
    }

    private static String attribute(Span span, String key) {
        AttrValue v = Attr.find(span.attributes(), key);
        if (v == null) {
            v = Attr.find(span.resource().attributes(), key);
        }
        return v == null ? null : v.asText();
    }
}
