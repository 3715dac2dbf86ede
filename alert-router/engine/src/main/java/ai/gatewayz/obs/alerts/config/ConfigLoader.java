package ai.gatewayz.obs.alerts.config;

import ai.gatewayz.obs.alerts.model.Matchers;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.gotemplate.GoTemplate;
import ai.gatewayz.obs.gotemplate.TemplateException;
import ai.gatewayz.obs.gotemplate.alertmanager.AlertmanagerTemplates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads alertmanager.yml the way Alertmanager does (strict fields, inherited route options,
 * global defaults pushed into receivers) and validates it with Alertmanager's error texts.
 * Before parsing, {@code ${VAR}} and {@code ${VAR:-default}} are replaced from the environment so
 * secrets need not live in the file. Stateless and thread-safe.
 */
public final class ConfigLoader {
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
    private static final String SLACK_POST_MESSAGE = "https://slack.com/api/chat.postMessage";
    private static final String DEFAULT_HTML = "{{ template \"email.default.html\" . }}";
    private static final Set<String> GLOBAL_KEYS = Set.of("resolve_timeout", "http_config", "smtp_from", "smtp_hello",
            "smtp_smarthost", "smtp_auth_username", "smtp_auth_password", "smtp_auth_password_file",
            "smtp_auth_secret", "smtp_auth_secret_file", "smtp_auth_identity", "smtp_require_tls", "smtp_tls_config",
            "slack_api_url", "slack_api_url_file", "slack_app_token", "slack_app_token_file", "slack_app_url",
            "victorops_api_key", "victorops_api_key_file", "victorops_api_url", "pagerduty_url",
            "opsgenie_api_key", "opsgenie_api_key_file", "opsgenie_api_url", "wechat_api_url", "wechat_api_secret",
            "wechat_api_secret_file", "wechat_api_corp_id", "telegram_api_url", "telegram_bot_token",
            "telegram_bot_token_file", "webex_api_url", "rocketchat_api_url", "rocketchat_token",
            "rocketchat_token_file", "rocketchat_token_id", "rocketchat_token_id_file", "mattermost_webhook_url",
            "mattermost_webhook_url_file", "jira_api_url", "discord_webhook_url", "incidentio_url");
    private static final Set<String> OTHER_INTEGRATIONS = Set.of("pagerduty_configs", "slack_configs",
            "opsgenie_configs", "wechat_configs", "pushover_configs", "victorops_configs", "sns_configs",
            "telegram_configs", "discord_configs", "webex_configs", "msteams_configs", "msteamsv2_configs",
            "jira_configs", "rocketchat_configs", "mattermost_configs", "incidentio_configs");
    private static final Set<String> OPSGENIE_KEYS = Set.of("send_resolved", "http_config", "api_key", "api_key_file",
            "api_url", "message", "description", "source", "details", "entity", "responders", "actions", "tags",
            "note", "priority", "update_alerts");

    private final Function<String, String> env;

    public ConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    /** A loader reading the process environment. */
    public static ConfigLoader withSystemEnv() {
        return new ConfigLoader(System::getenv);
    }

    public AlertmanagerConfig loadFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file [file=" + file + ", error=" + e.getMessage() + "]", e);
        }
        return load(text, file.toAbsolutePath().getParent());
    }

    public AlertmanagerConfig load(String original) {
        return load(original, Path.of("").toAbsolutePath());
    }

    /** Template files: each entry is a path whose last component may be a glob, relative to the config's directory. */
    private static List<GoTemplate> loadTemplates(List<String> patterns, Path baseDir) {
        List<GoTemplate> out = new ArrayList<>();
        for (String pattern : patterns) {
            Path p = baseDir.resolve(pattern);
            Path dir = p.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            java.nio.file.PathMatcher m = dir.getFileSystem().getPathMatcher("glob:" + p.getFileName());
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> m.matches(f.getFileName())).sorted().toList()) {
                    try {
                        out.add(AlertmanagerTemplates.parse(f.getFileName().toString(), Files.readString(f)));
                    } catch (TemplateException e) {
                        throw new ConfigException("template: " + f + ": " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                throw new ConfigException("cannot read templates [pattern=" + pattern + ", error=" + e.getMessage() + "]", e);
            }
        }
        return out;
    }

    public AlertmanagerConfig load(String original, Path baseDir) {
        String text = substitute(original);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new ConfigException("yaml: " + firstLine(e.getMessage()), e);
        }
        if (doc == null) {
            throw new ConfigException("no route provided in config");
        }
        YamlNode root = YamlNode.of(doc, "config", "config");
        YamlNode g = root.child("global", "config");
        Map<String, String> gs = new LinkedHashMap<>();
        for (String k : GLOBAL_KEYS) {
            if (k.equals("http_config") || k.equals("smtp_tls_config")) {
                g.raw(k);
                continue;
            }
            String v = k.equals("smtp_require_tls") ? null : g.str(k);
            if (v != null && !v.isEmpty()) {
                gs.put(k, v);
            }
        }
        boolean requireTls = g.bool("smtp_require_tls", true);
        Long resolveTimeout = g.duration("resolve_timeout");
        g.finish();
        checkGlobalPairs(gs);
        GlobalConfig global = new GlobalConfig(resolveTimeout == null ? GlobalConfig.DEFAULT_RESOLVE_TIMEOUT_MS : resolveTimeout,
                gs.get("smtp_from"), gs.getOrDefault("smtp_hello", "localhost"), gs.get("smtp_smarthost"),
                gs.get("smtp_auth_username"), gs.get("smtp_auth_password"), gs.get("smtp_auth_password_file"),
                gs.get("smtp_auth_identity"), gs.get("smtp_auth_secret"), gs.get("smtp_auth_secret_file"), requireTls);
        if (global.smtpSmarthost() != null) {
            checkHostPort(global.smtpSmarthost(), "global.smtp_smarthost");
        }

        List<String> templates = root.strings("templates");
        List<GoTemplate> templateFiles = loadTemplates(templates, baseDir);
        root.raw("tracing"); // accepted and ignored: the router does not export traces

        Map<String, TimeInterval> intervals = new LinkedHashMap<>();
        for (String key : List.of("time_intervals", "mute_time_intervals")) {
            for (Object o : root.list(key)) {
                TimeInterval ti = timeInterval(YamlNode.of(o, "config", "config." + key));
                if (intervals.put(ti.name(), ti) != null) {
                    throw new ConfigException("time interval \"" + ti.name() + "\" is not unique");
                }
            }
        }

        Map<String, Receiver> receivers = new LinkedHashMap<>();
        for (Object o : root.list("receivers")) {
            Receiver r = receiver(YamlNode.of(o, "config", "config.receivers"), global, gs, templateFiles);
            if (receivers.put(r.name(), r) != null) {
                throw new ConfigException("notification config name \"" + r.name() + "\" is not unique");
            }
        }

        List<InhibitRule> inhibit = new ArrayList<>();
        for (Object o : root.list("inhibit_rules")) {
            inhibit.add(inhibitRule(YamlNode.of(o, "config", "config.inhibit_rules")));
        }

        if (!root.has("route")) {
            root.finish();
            throw new ConfigException("no routes provided");
        }
        YamlNode rn = root.child("route", "config");
        Route route = route(rn, null, 0, receivers, intervals);
        root.finish();
        if (route.receiver() == null || route.receiver().isEmpty()) {
            throw new ConfigException("root route must specify a default receiver");
        }
        if (!route.matchers().isEmpty()) {
            throw new ConfigException("root route must not have any matchers");
        }
        if (route.isContinue()) {
            throw new ConfigException("cannot have continue in root route");
        }
        if (!route.muteTimeIntervals().isEmpty()) {
            throw new ConfigException("root route must not have any mute time intervals");
        }
        if (!route.activeTimeIntervals().isEmpty()) {
            throw new ConfigException("root route must not have any active time intervals");
        }
        return new AlertmanagerConfig(global, route, List.copyOf(inhibit), receivers, List.copyOf(templates), intervals, original);
    }

    String substitute(String text) {
        Matcher m = ENV.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.apply(m.group(1));
            if (v == null || (v.isEmpty() && m.group(2) != null)) {
                if (m.group(2) == null) {
                    throw new ConfigException("environment variable not set [name=" + m.group(1) + "]");
                }
                v = m.group(3);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static void checkGlobalPairs(Map<String, String> gs) {
        for (String k : List.of("smtp_auth_password", "slack_api_url", "slack_app_token", "opsgenie_api_key",
                "victorops_api_key", "wechat_api_secret", "telegram_bot_token", "rocketchat_token", "rocketchat_token_id",
                "mattermost_webhook_url")) {
            if (gs.containsKey(k) && gs.containsKey(k + "_file")) {
                throw new ConfigException("at most one of " + k + " & " + k + "_file must be configured");
            }
        }
        boolean token = gs.containsKey("slack_app_token") || gs.containsKey("slack_app_token_file");
        boolean url = gs.containsKey("slack_api_url_file")
                || (gs.containsKey("slack_api_url") && !gs.get("slack_api_url").equals(SLACK_POST_MESSAGE));
        if (token && url) {
            throw new ConfigException("at most one of slack_app_token/slack_app_token_file & slack_api_url/slack_api_url_file must be configured");
        }
    }

    private static void checkHostPort(String hp, String field) {
        int i = hp.lastIndexOf(':');
        if (i <= 0 || i == hp.length() - 1) {
            throw new ConfigException("address " + hp + ": missing port in address [field=" + field + "]");
        }
        try {
            int p = Integer.parseInt(hp.substring(i + 1));
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new ConfigException("address " + hp + ": invalid port [field=" + field + "]");
        }
    }

    private Receiver receiver(YamlNode n, GlobalConfig global, Map<String, String> gs, List<GoTemplate> files) {
        String name = n.str("name");
        if (name == null || name.isEmpty()) {
            throw new ConfigException("missing name in receiver");
        }
        List<EmailConfig> emails = new ArrayList<>();
        for (Object o : n.list("email_configs")) {
            emails.add(email(YamlNode.of(o, "config", "receivers[" + name + "].email_configs"), global, files));
        }
        List<WebhookConfig> hooks = new ArrayList<>();
        for (Object o : n.list("webhook_configs")) {
            hooks.add(webhook(YamlNode.of(o, "config", "receivers[" + name + "].webhook_configs")));
        }
        List<String> others = new ArrayList<>();
        for (String type : OTHER_INTEGRATIONS.stream().sorted().toList()) {
            List<Object> items = n.list(type);
            for (Object o : items) {
                String t = type.substring(0, type.length() - "_configs".length());
                YamlNode c = YamlNode.of(o, t, "receivers[" + name + "]." + type);
                validateOther(t, c, gs);
                others.add(t);
            }
        }
        n.finish();
        return new Receiver(name, List.copyOf(emails), List.copyOf(hooks), List.copyOf(others));
    }

    private static boolean either(YamlNode c, String key, Map<String, String> gs, String globalKey) {
        return c.nonEmpty(key) != null || c.nonEmpty(key + "_file") != null
                || gs.containsKey(globalKey) || gs.containsKey(globalKey + "_file");
    }

    /** Validation of the integrations the router does not deliver to, with Alertmanager's messages. */
    private static void validateOther(String type, YamlNode c, Map<String, String> gs) {
        switch (type) {
            case "opsgenie" -> {
                if (c.has("api_key") && c.has("api_key_file")) {
                    throw new ConfigException("at most one of api_key & api_key_file must be configured");
                }
                if (!either(c, "api_key", gs, "opsgenie_api_key")) {
                    throw new ConfigException("no global OpsGenie API Key set either inline or in a file");
                }
                for (String k : keysOf(c)) {
                    if (!OPSGENIE_KEYS.contains(k)) {
                        throw new ConfigException("yaml: unmarshal errors: field " + k + " not found in type opsgenie.plain [path=" + c.path() + "]");
                    }
                }
            }
            case "victorops" -> {
                if (!either(c, "api_key", gs, "victorops_api_key")) {
                    throw new ConfigException("no global VictorOps API Key set");
                }
                if (c.nonEmpty("routing_key") == null) {
                    throw new ConfigException("missing Routing key in VictorOps config");
                }
            }
            case "wechat" -> {
                if (!either(c, "api_secret", gs, "wechat_api_secret")) {
                    throw new ConfigException("no global Wechat Api Secret set either inline or in a file");
                }
            }
            case "telegram" -> {
                if (c.has("bot_token") && c.has("bot_token_file")) {
                    throw new ConfigException("at most one of bot_token & bot_token_file must be configured");
                }
                if (!either(c, "bot_token", gs, "telegram_bot_token")) {
                    throw new ConfigException("missing bot_token or bot_token_file on telegram_config");
                }
            }
            case "mattermost" -> {
                if (!either(c, "webhook_url", gs, "mattermost_webhook_url")) {
                    throw new ConfigException("missing webhook_url or webhook_url_file on mattermost_config");
                }
            }
            case "rocketchat" -> {
                if (!either(c, "token", gs, "rocketchat_token")) {
                    throw new ConfigException("no global Rocketchat Token set either inline or in a file");
                }
                if (!either(c, "token_id", gs, "rocketchat_token_id")) {
                    throw new ConfigException("no global Rocketchat Token ID set either inline or in a file");
                }
            }
            case "slack" -> {
                String apiUrl = c.nonEmpty("api_url");
                boolean hasUrl = apiUrl != null || c.nonEmpty("api_url_file") != null;
                boolean hasToken = c.nonEmpty("app_token") != null || c.nonEmpty("app_token_file") != null
                        || gs.containsKey("slack_app_token") || gs.containsKey("slack_app_token_file");
                if (Boolean.TRUE.equals(c.bool("update_message"))) {
                    String effective = apiUrl != null ? apiUrl : gs.get("slack_api_url");
                    if (!hasToken && !SLACK_POST_MESSAGE.equals(effective)) {
                        throw new ConfigException("update_message can only be used with bot tokens. api_url must be set to " + SLACK_POST_MESSAGE);
                    }
                }
                if (!hasUrl && !hasToken && !gs.containsKey("slack_api_url") && !gs.containsKey("slack_api_url_file")) {
                    throw new ConfigException("no Slack API URL nor App token set either inline or in a file");
                }
            }
            case "sns" -> {
                if (c.nonEmpty("target_arn") == null && c.nonEmpty("topic_arn") == null && c.nonEmpty("phone_number") == null) {
                    throw new ConfigException("must provide either a Target ARN, Topic ARN, or Phone Number for SNS config");
                }
            }
            default -> {
                // validated structurally only
            }
        }
        c.lenient();
    }

    private static Iterable<String> keysOf(YamlNode c) {
        return c.keys();
    }

    private static EmailConfig email(YamlNode c, GlobalConfig g, List<GoTemplate> files) {
        boolean sendResolved = c.bool("send_resolved", false);
        String to = c.nonEmpty("to");
        if (to == null) {
            throw new ConfigException("missing to address in email config");
        }
        String from = or(c.nonEmpty("from"), g.smtpFrom());
        String hello = or(c.nonEmpty("hello"), g.smtpHello());
        String smarthost = or(c.nonEmpty("smarthost"), g.smtpSmarthost());
        if (c.nonEmpty("smarthost") != null) {
            checkHostPort(smarthost, c.path() + ".smarthost");
        }
        String user = or(c.nonEmpty("auth_username"), g.smtpAuthUsername());
        String pass = c.nonEmpty("auth_password");
        String passFile = c.nonEmpty("auth_password_file");
        if (pass != null && passFile != null) {
            throw new ConfigException("at most one of auth_password & auth_password_file must be configured");
        }
        if (pass == null && passFile == null) {
            pass = g.smtpAuthPassword();
            passFile = g.smtpAuthPasswordFile();
        }
        String secret = or(c.nonEmpty("auth_secret"), g.smtpAuthSecret());
        c.raw("auth_secret_file");
        String identity = or(c.nonEmpty("auth_identity"), g.smtpAuthIdentity());
        Boolean requireTls = c.bool("require_tls");
        YamlNode tls = c.child("tls_config", "config");
        boolean insecure = tls.bool("insecure_skip_verify", false);
        tls.lenient();
        String html = c.str("html");
        String text = c.str("text");
        Map<String, String> headers = new LinkedHashMap<>();
        Set<String> seenHeaders = new HashSet<>();
        for (Map.Entry<String, String> e : c.stringMap("headers").entrySet()) {
            String canon = canonicalHeader(e.getKey());
            if (!seenHeaders.add(canon)) {
                throw new ConfigException("duplicate header \"" + canon + "\" in email config");
            }
            headers.put(canon, e.getValue() == null ? "" : e.getValue());
        }
        c.finish();
        if (smarthost == null) {
            throw new ConfigException("no global SMTP smarthost set");
        }
        if (from == null) {
            throw new ConfigException("no global SMTP from set");
        }
        if (html == null && text == null) {
            html = DEFAULT_HTML;
        }

        headers.putIfAbsent("To", to);
        headers.putIfAbsent("From", from);
        headers.putIfAbsent("Subject", "{{ template \"email.default.subject\" . }}");
        EmailTemplateSet compiled = EmailTemplateSet.compile(c.path(), html, text, headers, files);
        return new EmailConfig(sendResolved, to, from, hello, smarthost, user, pass, passFile, secret, identity,
                requireTls == null ? g.smtpRequireTls() : requireTls, insecure, html, text, Map.copyOf(headers), compiled);
    }

    private static String canonicalHeader(String h) {
        StringBuilder sb = new StringBuilder(h.length());
        boolean upper = true;
        for (char ch : h.toCharArray()) {
            sb.append(upper ? Character.toUpperCase(ch) : Character.toLowerCase(ch));
            upper = ch == '-';
        }
        return sb.toString();
    }

    private static WebhookConfig webhook(YamlNode c) {
        boolean sendResolved = c.bool("send_resolved", true);
        String url = c.nonEmpty("url");
        String urlFile = c.nonEmpty("url_file");
        c.raw("http_config");
        String maxAlerts = c.str("max_alerts");
        Long timeout = c.duration("timeout");
        c.finish();
        if (url == null && urlFile == null) {
            throw new ConfigException("one of url or url_file must be configured");
        }
        if (url != null && urlFile != null) {
            throw new ConfigException("at most one of url & url_file must be configured");
        }
        if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new ConfigException("unsupported scheme \"" + url.replaceAll(":.*", "") + "\" for URL [field=" + c.path() + ".url]");
        }
        int max;
        try {
            max = maxAlerts == null ? 0 : Integer.parseInt(maxAlerts);
        } catch (NumberFormatException e) {
            throw new ConfigException("invalid max_alerts [value=" + maxAlerts + "]");
        }
        return new WebhookConfig(sendResolved, url, urlFile, max, timeout == null ? 10_000 : timeout);
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }

    private static InhibitRule inhibitRule(YamlNode n) {
        List<LabelMatcher> source = legacy(n, "source_match", "source_match_re");
        source.addAll(matcherList(n, "source_matchers"));
        List<LabelMatcher> target = legacy(n, "target_match", "target_match_re");
        target.addAll(matcherList(n, "target_matchers"));
        List<String> equal = n.strings("equal");
        n.finish();
        for (String e : equal) {
            if (!Matchers.validLabelName(e)) {
                throw new ConfigException("invalid label name \"" + e + "\" in equal list of inhibit rule");
            }
        }
        return new InhibitRule(List.copyOf(source), List.copyOf(target), List.copyOf(equal));
    }

    /** Folds legacy {@code match} / {@code match_re} maps into matchers; keys are validated label names. */
    private static List<LabelMatcher> legacy(YamlNode n, String eqKey, String reKey) {
        List<LabelMatcher> out = new ArrayList<>();
        for (Map.Entry<String, String> e : n.stringMap(eqKey).entrySet()) {
            if (!Matchers.validLabelName(e.getKey())) {
                throw new ConfigException("\"" + e.getKey() + "\" is not a valid label name [field=" + eqKey + "]");
            }
            out.add(LabelMatcher.eq(e.getKey(), e.getValue() == null ? "" : e.getValue()));
        }
        for (Map.Entry<String, String> e : n.stringMap(reKey).entrySet()) {
            if (!Matchers.validLabelName(e.getKey())) {
                throw new ConfigException("\"" + e.getKey() + "\" is not a valid label name [field=" + reKey + "]");
            }
            if (e.getValue() == null) {
                throw new ConfigException("invalid regular expression: missing value for label " + e.getKey() + " [field=" + reKey + "]");
            }
            try {
                out.add(LabelMatcher.re(e.getKey(), e.getValue()));
            } catch (SuiteException ex) {
                throw new ConfigException("invalid regular expression for label " + e.getKey() + " [field=" + reKey + ", error=" + ex.getMessage() + "]");
            }
        }
        return out;
    }

    private static List<LabelMatcher> matcherList(YamlNode n, String key) {
        List<LabelMatcher> out = new ArrayList<>();
        for (String s : n.strings(key)) {
            try {
                out.addAll(Matchers.parse(s));
            } catch (SuiteException e) {
                throw new ConfigException(e.getMessage() + " [field=" + key + "]");
            }
        }
        return out;
    }

    private static final Comparator<LabelMatcher> MATCHER_ORDER = Comparator.comparing(LabelMatcher::name)
            .thenComparing(LabelMatcher::value)
            .thenComparing(m -> m.type() == LabelMatcher.Type.EQ || m.type() == LabelMatcher.Type.NEQ ? 0 : 1);

    private Route route(YamlNode n, Route parent, int index, Map<String, Receiver> receivers, Map<String, TimeInterval> intervals) {
        String receiver = n.nonEmpty("receiver");
        if (receiver == null && parent != null) {
            receiver = parent.receiver();
        }
        if (receiver != null && !receivers.containsKey(receiver)) {
            throw new ConfigException("undefined receiver \"" + receiver + "\" used in route");
        }
        List<String> groupBy;
        boolean all;
        if (n.has("group_by")) {
            groupBy = n.strings("group_by");
            all = false;
            Set<String> seen = new HashSet<>();
            for (String l : groupBy) {
                if (l.equals("...")) {
                    all = true;
                    continue;
                }
                if (!Matchers.validLabelName(l)) {
                    throw new ConfigException("invalid label name \"" + l + "\" in group_by list");
                }
                if (!seen.add(l)) {
                    throw new ConfigException("duplicated label \"" + l + "\" in group_by");
                }
            }
            if (all && groupBy.size() > 1) {
                throw new ConfigException("cannot have wildcard group_by (`...`) and other other labels at the same time");
            }
            groupBy = all ? List.of() : groupBy.stream().sorted().toList();
        } else if (parent != null) {
            groupBy = parent.groupBy();
            all = parent.groupByAll();
        } else {
            groupBy = List.of();
            all = false;
        }
        Long gw = n.duration("group_wait");
        Long gi = n.duration("group_interval");
        Long ri = n.duration("repeat_interval");
        if (gi != null && gi == 0) {
            throw new ConfigException("group_interval cannot be zero");
        }
        if (ri != null && ri == 0) {
            throw new ConfigException("repeat_interval cannot be zero");
        }
        long groupWait = gw != null ? gw : parent != null ? parent.groupWaitMs() : 30_000;
        long groupInterval = gi != null ? gi : parent != null ? parent.groupIntervalMs() : 5 * 60_000;
        long repeat = ri != null ? ri : parent != null ? parent.repeatIntervalMs() : 4 * 3600_000;
        List<LabelMatcher> matchers = legacy(n, "match", "match_re");
        matchers.addAll(matcherList(n, "matchers"));
        matchers.sort(MATCHER_ORDER);
        boolean cont = n.bool("continue", false);
        List<String> mute = n.strings("mute_time_intervals");
        List<String> active = n.strings("active_time_intervals");
        for (String t : mute) {
            if (!intervals.containsKey(t)) {
                throw new ConfigException("undefined time interval \"" + t + "\" used in route");
            }
        }
        for (String t : active) {
            if (!intervals.containsKey(t)) {
                throw new ConfigException("undefined time interval \"" + t + "\" used in route");
            }
        }
        List<Object> children = n.list("routes");
        n.finish();
        Route r = new Route(parent, index, receiver, groupBy, all, groupWait, groupInterval, repeat, matchers, cont, mute, active);
        int i = 0;
        for (Object o : children) {
            r.addChild(route(YamlNode.of(o, "config", n.path() + ".routes[" + i + "]"), r, i, receivers, intervals));
            i++;
        }
        return r;
    }

    private static final List<String> WEEKDAYS = List.of("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday");
    private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");

    private static TimeInterval timeInterval(YamlNode n) {
        String name = n.nonEmpty("name");
        if (name == null) {
            throw new ConfigException("missing name in time interval");
        }
        List<TimeInterval.Spec> specs = new ArrayList<>();
        for (Object o : n.list("time_intervals")) {
            YamlNode s = YamlNode.of(o, "timeinterval", "time_intervals[" + name + "]");
            List<int[]> times = new ArrayList<>();
            for (Object t : s.list("times")) {
                YamlNode tn = YamlNode.of(t, "timeinterval", s.path() + ".times");
                int a = minuteOfDay(tn.str("start_time"));
                int b = minuteOfDay(tn.str("end_time"));
                tn.finish();
                if (b <= a) {
                    throw new ConfigException("start time cannot be equal or greater than end time [interval=" + name + "]");
                }
                times.add(new int[] {a, b});
            }
            List<int[]> weekdays = ranges(s.strings("weekdays"), v -> named(WEEKDAYS, v, 0), name);
            List<int[]> days = ranges(s.strings("days_of_month"), v -> {
                int d = Integer.parseInt(v);
                if (d == 0 || d < -31 || d > 31) {
                    throw new NumberFormatException();
                }
                return d;
            }, name);
            List<int[]> months = ranges(s.strings("months"), v -> named(MONTHS, v, 1), name);
            List<int[]> years = ranges(s.strings("years"), Integer::parseInt, name);
            ZoneId zone = ZoneOffset.UTC;
            String loc = s.str("location");
            if (loc != null && !loc.equalsIgnoreCase("UTC")) {
                try {
                    zone = loc.equalsIgnoreCase("Local") ? ZoneId.systemDefault() : ZoneId.of(loc);
                } catch (DateTimeException e) {
                    throw new ConfigException("unknown time zone " + loc + " [interval=" + name + "]");
                }
            }
            s.finish();
            specs.add(new TimeInterval.Spec(times, weekdays, days, months, years, zone));
        }
        n.finish();
        return new TimeInterval(name, List.copyOf(specs));
    }

    private static int named(List<String> names, String v, int base) {
        int i = names.indexOf(v.toLowerCase(Locale.ROOT));
        if (i >= 0) {
            return i + base;
        }
        return Integer.parseInt(v);
    }

    private static List<int[]> ranges(List<String> items, Function<String, Integer> parse, String name) {
        List<int[]> out = new ArrayList<>();
        for (String item : items) {
            try {
                String[] p = item.trim().split(":", 2);
                int a = parse.apply(p[0].trim());
                int b = p.length == 2 ? parse.apply(p[1].trim()) : a;
                out.add(new int[] {a, b});
            } catch (RuntimeException e) {
                throw new ConfigException("invalid range \"" + item + "\" in time interval \"" + name + "\"");
            }
        }
        return out;
    }

    private static int minuteOfDay(String hhmm) {
        if (hhmm == null || !hhmm.matches("\\d{2}:\\d{2}")) {
            throw new ConfigException("couldn't parse timestamp " + hhmm + ", invalid format");
        }
        int h = Integer.parseInt(hhmm.substring(0, 2));
        int m = Integer.parseInt(hhmm.substring(3));
        if (h > 24 || m > 59 || (h == 24 && m != 0)) {
            throw new ConfigException("couldn't parse timestamp " + hhmm + ", invalid hour or minute");
        }
        return h * 60 + m;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid document";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
