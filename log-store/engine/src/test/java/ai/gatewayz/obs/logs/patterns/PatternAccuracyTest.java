package ai.gatewayz.obs.logs.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mines a generated corpus whose templates are known (gateway-style logfmt, access lines, prose
 * with word-valued variables) and checks that at least 90% of the lines land in the cluster that
 * stands for their template: each template's cluster is the one holding most of its lines, and a
 * line counts as right only if that cluster holds no other template's lines as its majority.
 */
class PatternAccuracyTest {
    private static final String[] PROVIDERS = {"openai", "anthropic", "google", "mistral", "groq", "together", "deepinfra"};
    private static final String[] MODELS = {"gpt-4o", "claude-3-5-sonnet", "gemini-1.5-pro", "mixtral-8x7b", "llama-3.1-70b"};
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"};
    private static final String[] DBS = {"primary", "replica", "analytics", "billing"};
    private static final String[] ERRORS = {"timeout", "rate_limited", "upstream_error", "invalid_request", "auth_failed"};
    private static final String[] WORDS = {"session", "profile", "quota", "catalog", "pricing"};

    /** Template texts; {p} provider, {m} model, {u} user, {d} database, {e} error type, {w} word, {n} number, {ip}, {id}. */
    static final List<String> TEMPLATES = List.of(
            "level=info msg=\"request completed\" provider={p} model={m} status=200 duration={n}ms",
            "level=error msg=\"provider request failed\" provider={p} model={m} error_type={e} status={n}",
            "level=warn msg=\"rate limit exceeded\" user={u} key=gw_{id} limit={n}",
            "GET /v1/chat/completions/{id} HTTP/1.1 {n} {n}",
            "POST /v1/embeddings HTTP/1.1 {n} {n}",
            "user {u} logged in from {ip}",
            "user {u} logged out after {n} seconds",
            "cache miss for key {w}:{n}",
            "Connection to database {d} established",
            "Connection to database {d} lost: {e}",
            "starting worker pool with {n} workers",
            "health check ok",
            "health check failed for {p}",
            "retrying request {id} attempt {n} of {n}",
            "token usage prompt={n} completion={n} total={n} model={m}",
            "routing request to {p} using model {m} for user {u}");

    private static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    static String fill(String template, Random r) {
        String s = template;
        while (s.contains("{")) {
            int i = s.indexOf('{');
            int j = s.indexOf('}', i);
            String v = switch (s.substring(i + 1, j)) {
                case "p" -> pick(r, PROVIDERS);
                case "m" -> pick(r, MODELS);
                case "u" -> pick(r, USERS);
                case "d" -> pick(r, DBS);
                case "e" -> pick(r, ERRORS);
                case "w" -> pick(r, WORDS);
                case "n" -> Integer.toString(r.nextInt(100_000));
                case "ip" -> "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
                case "id" -> Long.toHexString(r.nextLong());
                default -> throw new IllegalArgumentException(s);
            };
            s = s.substring(0, i) + v + s.substring(j + 1);
        }
        return s;
    }

    @Test
    void atLeastNinetyPercentOfLinesLandInTheirTemplatesCluster() {
        Random r = new Random(42);
        StreamPatterns sp = new StreamPatterns(PatternOptions.DEFAULTS);
        List<Integer> truth = new ArrayList<>();
        List<Cluster> got = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int t = r.nextInt(TEMPLATES.size());
            truth.add(t);
            got.add(sp.add(fill(TEMPLATES.get(t), r), "info", i * 1_000_000_000L));
        }
        // each template's cluster: the one with most of its lines
        List<Map<Cluster, Integer>> perTemplate = new ArrayList<>();
        for (int t = 0; t < TEMPLATES.size(); t++) {
            perTemplate.add(new IdentityHashMap<>());
        }
        Map<Cluster, Map<Integer, Integer>> perCluster = new IdentityHashMap<>();
        for (int i = 0; i < truth.size(); i++) {
            perTemplate.get(truth.get(i)).merge(got.get(i), 1, Integer::sum);
            perCluster.computeIfAbsent(got.get(i), c -> new HashMap<>()).merge(truth.get(i), 1, Integer::sum);
        }
        int right = 0;
        for (int t = 0; t < TEMPLATES.size(); t++) {
            Map.Entry<Cluster, Integer> best = perTemplate.get(t).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
            Map<Integer, Integer> holders = perCluster.get(best.getKey());
            int majority = holders.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            if (majority == t) {
                right += best.getValue();
            }
        }
        double share = (double) right / truth.size();
        assertThat(share).as("share of lines in their template's cluster; patterns %s", patterns(sp)).isGreaterThanOrEqualTo(0.9);
        assertThat(sp.clusterCount()).as("one cluster per template, give or take").isBetween(TEMPLATES.size(), TEMPLATES.size() + 4);
    }

    @Test
    void patternsReadAsTemplatesWithVariables() {
        Random r = new Random(7);
        StreamPatterns sp = new StreamPatterns(PatternOptions.DEFAULTS);
        for (int i = 0; i < 200; i++) {
            sp.add(fill(TEMPLATES.get(5), r), "info", i);
            sp.add(fill(TEMPLATES.get(0), r), "info", i);
            sp.add(fill(TEMPLATES.get(3), r), "info", i);
        }
        assertThat(patterns(sp)).containsExactlyInAnyOrder(
                "user <_> logged in from <_>",
                "level=info msg=\"request completed\" provider=<_> model=<_> status=<_> duration=<_>",
                "GET /<_> HTTP/1.1 <_> <_>");
    }

    private static List<String> patterns(StreamPatterns sp) {
        Map<StreamPatterns.PatternKey, long[]> acc = new HashMap<>();
        sp.collect(Long.MIN_VALUE / 4, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4, 2, acc);
        return acc.keySet().stream().map(StreamPatterns.PatternKey::pattern).sorted().toList();
    }
}
