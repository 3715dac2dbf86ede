package ai.gatewayz.obs.sim.gateway;

import java.util.SplittableRandom;

/** Deterministic filler text for completions: {@code tokens} words drawn from a small vocabulary, seeded by the request. */
public final class ContentGenerator {
    private static final String[] WORDS = ("the gateway routes each request to a provider and measures latency tokens cost and errors so that "
        + "operators can see which model is slow which breaker is open and which user burns credits while traces logs metrics and profiles "
        + "tell one story about every call").split(" ");

    private ContentGenerator() {
    }

    public static String text(long seq, long tokens) {
        SplittableRandom rng = new SplittableRandom(seq * 0x9E3779B97F4A7C15L + 17);
        StringBuilder sb = new StringBuilder((int) Math.min(Integer.MAX_VALUE, tokens * 6));
        for (long i = 0; i < tokens; i++) {
            if (i > 0) {
                sb.append(i % 17 == 0 ? ". " : " ");
            }
            sb.append(WORDS[rng.nextInt(WORDS.length)]);
        }
        return sb.append('.').toString();
    }
}
