package ai.gatewayz.obs.sim.traffic;

import ai.gatewayz.obs.sim.catalog.Catalog;
import ai.gatewayz.obs.sim.catalog.Model;
import ai.gatewayz.obs.sim.core.ChatRequest;
import ai.gatewayz.obs.sim.core.SimUser;
import ai.gatewayz.obs.sim.core.Users;
import ai.gatewayz.obs.sim.scenario.Faults;
import ai.gatewayz.obs.sim.scenario.GroundTruth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Produces the request mix: users with a skewed (Zipf-like) share, a model mix led by the popular
 * public ids and a long tail over the whole catalogue, a streaming share, a few invalid requests,
 * and, while a token-burn scenario runs, half of the requests from the burning user with huge
 * completions. Request {@code seq} is a pure function of the seed and {@code seq}. Thread-safe
 * (immutable after construction).
 */
public final class TrafficGenerator {
    private static final String[][] POPULAR = {
        {"gpt-4o-mini", "20"}, {"gpt-4o", "10"}, {"claude-3-5-sonnet", "12"}, {"llama-3.1-70b", "8"}, {"llama-3.3-70b", "6"},
        {"gemini-2.0-flash", "6"}, {"deepseek-chat", "5"}, {"mixtral-8x7b", "4"}, {"qwen-2.5-72b", "4"}, {"claude-3-5-haiku", "4"},
        {"llama-3.1-8b", "3"},
    };
    private static final double TAIL_WEIGHT = 21;

    private final long seed;
    private final TrafficOptions options;
    private final Users users;
    private final List<Model> all;
    private final String[] popular;
    private final double[] popularCum;
    private final double[] userCum;

    public TrafficGenerator(long seed, TrafficOptions options, Users users, Catalog catalog) {
        this.seed = seed;
        this.options = options;
        this.users = users;
        this.all = new ArrayList<>(catalog.models());
        this.popular = new String[POPULAR.length];
        this.popularCum = new double[POPULAR.length];
        double c = 0;
        for (int i = 0; i < POPULAR.length; i++) {
            popular[i] = POPULAR[i][0];
            c += Double.parseDouble(POPULAR[i][1]);
            popularCum[i] = c;
        }
        List<SimUser> us = users.all();
        userCum = new double[us.size()];
        double u = 0;
        for (int i = 0; i < us.size(); i++) {
            u += 1.0 / Math.pow(i + 1, 0.8);
            userCum[i] = u;
        }
    }

    public TrafficOptions options() {
        return options;
    }

    /** The chat request number {@code seq} under the given faults. */
    public ChatRequest next(long seq, Faults faults) {
        SplittableRandom rng = new SplittableRandom(seed * 0x2545F4914F6CDD1DL + seq * 0x9E3779B97F4A7C15L);
        GroundTruth burn = faults.tokenBurn();
        boolean burning = burn != null && rng.nextDouble() < 0.5;
        SimUser user = burning ? users.byId(burn.user()).orElse(pickUser(rng)) : pickUser(rng);
        String key = user.apiKey();
        String model = pickModel(rng);
        double r = rng.nextDouble();
        if (!burning && r < options.invalidShare() / 2) {
            key = "gw-sim-revoked-" + (seq % 97);
        } else if (!burning && r < options.invalidShare()) {
            model = "unknown-model-" + (seq % 13);
        }
        boolean stream = rng.nextDouble() < options.streamingShare();
        String prompt = !stream && rng.nextDouble() < options.repeatPromptShare() ? "popular-" + rng.nextInt(200) : null;
        int chars = 200 + (int) (Math.exp(rng.nextGaussian() * 0.9) * 900);
        int maxTokens = burning ? 32_000 : rng.nextDouble() < 0.3 ? 512 + rng.nextInt(1536) : 0;
        double temperature = rng.nextDouble() < 0.5 ? Math.round(rng.nextDouble() * 10) / 10.0 : Double.NaN;
        return new ChatRequest(key, model, stream, chars, prompt, maxTokens, temperature);
    }

    private SimUser pickUser(SplittableRandom rng) {
        double x = rng.nextDouble() * userCum[userCum.length - 1];
        for (int i = 0; i < userCum.length; i++) {
            if (x < userCum[i]) {
                return users.all().get(i);
            }
        }
        return users.all().get(userCum.length - 1);
    }

    private String pickModel(SplittableRandom rng) {
        double total = popularCum[popularCum.length - 1] + TAIL_WEIGHT;
        double x = rng.nextDouble() * total;
        for (int i = 0; i < popularCum.length; i++) {
            if (x < popularCum[i]) {
                return popular[i];
            }
        }
        return all.get(rng.nextInt(all.size())).id();
    }
}
