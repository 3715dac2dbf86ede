package ai.gatewayz.obs.sim.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * The default catalogue: the provider slugs of the GatewayZ backend snapshot plus the well-known
 * direct providers, and a model list mixing proprietary models (served by their vendor with
 * aggregator fallbacks) and open-weight models (served by many hosts). Numbers are plausible
 * orders of magnitude, not measurements.
 */
final class StandardCatalog {
    private StandardCatalog() {
    }

    // slug, host, ttfc median ms, tokens/s, sigma, 5xx rate, 429 rate, timeout rate
    private static final Object[][] PROVIDERS = {
        {"openai", "api.openai.com", 450, 90, 0.35, 0.004, 0.004, 0.001},
        {"anthropic", "api.anthropic.com", 650, 70, 0.35, 0.006, 0.006, 0.001},
        {"google-vertex", "us-central1-aiplatform.googleapis.com", 550, 110, 0.4, 0.005, 0.003, 0.001},
        {"openrouter", "openrouter.ai", 700, 75, 0.45, 0.008, 0.005, 0.002},
        {"groq", "api.groq.com", 180, 400, 0.3, 0.006, 0.015, 0.001},
        {"cerebras", "api.cerebras.ai", 200, 900, 0.3, 0.008, 0.012, 0.001},
        {"together", "api.together.xyz", 400, 120, 0.4, 0.007, 0.004, 0.002},
        {"fireworks", "api.fireworks.ai", 350, 140, 0.4, 0.006, 0.004, 0.002},
        {"deepinfra", "api.deepinfra.com", 500, 80, 0.45, 0.009, 0.004, 0.002},
        {"featherless", "inference.featherless.ai", 900, 40, 0.5, 0.012, 0.006, 0.004},
        {"huggingface", "router.huggingface.co", 900, 45, 0.55, 0.015, 0.01, 0.005},
        {"novita", "api.novita.ai", 600, 70, 0.45, 0.01, 0.004, 0.003},
        {"xai", "api.x.ai", 500, 80, 0.4, 0.006, 0.004, 0.001},
        {"cohere", "api.cohere.com", 500, 70, 0.4, 0.006, 0.004, 0.001},
        {"nebius", "api.studio.nebius.ai", 550, 80, 0.45, 0.009, 0.003, 0.002},
        {"chutes", "llm.chutes.ai", 800, 60, 0.55, 0.015, 0.008, 0.004},
        {"clarifai", "api.clarifai.com", 700, 50, 0.5, 0.01, 0.004, 0.003},
        {"cloudflare-workers-ai", "api.cloudflare.com", 400, 60, 0.4, 0.008, 0.01, 0.002},
        {"alibaba-cloud", "dashscope.aliyuncs.com", 700, 60, 0.5, 0.009, 0.004, 0.003},
        {"akash", "chatapi.akash.network", 900, 40, 0.55, 0.02, 0.006, 0.006},
        {"aihubmix", "aihubmix.com", 750, 60, 0.5, 0.012, 0.006, 0.003},
        {"aimo", "api.aimo.network", 850, 50, 0.55, 0.015, 0.006, 0.004},
        {"alpaca-network", "api.alpacanetwork.ai", 600, 70, 0.45, 0.01, 0.004, 0.002},
        {"anannas", "api.anannas.ai", 700, 60, 0.5, 0.012, 0.005, 0.003},
        {"canopywave", "inference.canopywave.io", 650, 70, 0.5, 0.012, 0.005, 0.003},
        {"fal", "fal.run", 600, 60, 0.5, 0.01, 0.004, 0.003},
        {"helicone", "gateway.helicone.ai", 600, 75, 0.45, 0.008, 0.004, 0.002},
        {"modelz", "api.modelz.ai", 900, 45, 0.55, 0.018, 0.006, 0.005},
        {"morpheus", "api.mor.org", 1000, 40, 0.6, 0.02, 0.006, 0.006},
        {"near", "cloud-api.near.ai", 900, 45, 0.55, 0.016, 0.006, 0.005},
        {"nosana", "inference.nosana.io", 1000, 40, 0.6, 0.02, 0.006, 0.006},
        {"simplismart", "api.simplismart.ai", 500, 90, 0.45, 0.009, 0.004, 0.002},
        {"sybil", "api.sybil.com", 900, 45, 0.55, 0.016, 0.006, 0.005},
        {"vercel-ai-gateway", "ai-gateway.vercel.sh", 600, 75, 0.45, 0.008, 0.004, 0.002},
        {"zai", "api.z.ai", 700, 60, 0.5, 0.01, 0.005, 0.003},
        {"mistral", "api.mistral.ai", 400, 90, 0.4, 0.006, 0.006, 0.001},
        {"deepseek", "api.deepseek.com", 900, 40, 0.5, 0.012, 0.01, 0.004},
        {"onerouter", "api.onerouter.pro", 650, 70, 0.45, 0.01, 0.004, 0.002},
    };

    private static final String[] OPEN_HOSTS = {
        "together", "fireworks", "deepinfra", "groq", "cerebras", "novita", "nebius", "featherless", "huggingface",
        "chutes", "clarifai", "cloudflare-workers-ai", "akash", "aihubmix", "aimo", "alpaca-network", "anannas",
        "canopywave", "helicone", "modelz", "morpheus", "near", "nosana", "simplismart", "sybil", "vercel-ai-gateway",
        "openrouter", "onerouter",
    };

    static Catalog build() {
        List<Provider> providers = new ArrayList<>();
        for (Object[] r : PROVIDERS) {
            providers.add(new Provider((String) r[0], (String) r[1], num(r[2]), num(r[3]), num(r[4]), num(r[5]), num(r[6]), num(r[7])));
        }
        List<Model> models = new ArrayList<>();
        // proprietary: vendor first, aggregators as failover
        vendor(models, "openai", "openai", new String[][] {
            {"gpt-4o", "2.5", "10"}, {"gpt-4o-mini", "0.15", "0.6"}, {"gpt-4-turbo", "10", "30"}, {"gpt-4", "30", "60"},
            {"gpt-3.5-turbo", "0.5", "1.5"}, {"o1", "15", "60"}, {"o1-mini", "3", "12"}, {"o3-mini", "1.1", "4.4"},
            {"gpt-4.1", "2", "8"}, {"gpt-4.1-mini", "0.4", "1.6"}, {"gpt-4.1-nano", "0.1", "0.4"}, {"o4-mini", "1.1", "4.4"},
        }, "openrouter", "helicone", "vercel-ai-gateway");
        vendor(models, "anthropic", "anthropic", new String[][] {
            {"claude-3-5-sonnet", "3", "15"}, {"claude-3-5-haiku", "0.8", "4"}, {"claude-3-opus", "15", "75"},
            {"claude-3-haiku", "0.25", "1.25"}, {"claude-3-7-sonnet", "3", "15"}, {"claude-sonnet-4", "3", "15"},
            {"claude-opus-4", "15", "75"},
        }, "openrouter", "google-vertex", "vercel-ai-gateway");
        vendor(models, "google", "google-vertex", new String[][] {
            {"gemini-1.5-pro", "1.25", "5"}, {"gemini-1.5-flash", "0.075", "0.3"}, {"gemini-2.0-flash", "0.1", "0.4"},
            {"gemini-2.5-pro", "1.25", "10"}, {"gemini-2.5-flash", "0.3", "2.5"},
        }, "openrouter", "aihubmix");
        vendor(models, "x-ai", "xai", new String[][] {{"grok-2", "2", "10"}, {"grok-3", "3", "15"}, {"grok-3-mini", "0.3", "0.5"}},
            "openrouter", "vercel-ai-gateway");
        vendor(models, "cohere", "cohere", new String[][] {{"command-r-plus", "2.5", "10"}, {"command-r", "0.15", "0.6"}, {"command-a", "2.5", "10"}},
            "openrouter");
        vendor(models, "mistralai", "mistral", new String[][] {
            {"mistral-large", "2", "6"}, {"mistral-small", "0.2", "0.6"}, {"codestral", "0.3", "0.9"}, {"ministral-8b", "0.1", "0.1"},
        }, "openrouter", "together");
        vendor(models, "deepseek", "deepseek", new String[][] {{"deepseek-chat", "0.27", "1.1"}, {"deepseek-reasoner", "0.55", "2.19"}},
            "openrouter", "fireworks", "together");
        vendor(models, "z-ai", "zai", new String[][] {{"glm-4.5", "0.6", "2.2"}, {"glm-4.5-air", "0.2", "1.1"}}, "openrouter", "novita");
        vendor(models, "qwen", "alibaba-cloud", new String[][] {{"qwen-max", "1.6", "6.4"}, {"qwen-plus", "0.4", "1.2"}, {"qwen-turbo", "0.05", "0.2"}},
            "openrouter");
        // open weights: hosted by several providers, chosen deterministically from OPEN_HOSTS
        String[][] open = {
            {"meta-llama", "llama-3.1-8b", "0.05", "0.08"}, {"meta-llama", "llama-3.1-70b", "0.4", "0.4"},
            {"meta-llama", "llama-3.1-405b", "3", "3"}, {"meta-llama", "llama-3.3-70b", "0.4", "0.4"},
            {"meta-llama", "llama-3.2-1b", "0.01", "0.01"}, {"meta-llama", "llama-3.2-3b", "0.02", "0.02"},
            {"meta-llama", "llama-3.2-11b-vision", "0.06", "0.06"}, {"meta-llama", "llama-3.2-90b-vision", "0.9", "0.9"},
            {"meta-llama", "llama-4-scout", "0.1", "0.3"}, {"meta-llama", "llama-4-maverick", "0.2", "0.6"},
            {"meta-llama", "llama-3-8b", "0.05", "0.08"}, {"meta-llama", "llama-3-70b", "0.5", "0.5"},
            {"meta-llama", "llama-guard-3-8b", "0.05", "0.05"}, {"meta-llama", "codellama-34b", "0.4", "0.4"},
            {"mistralai", "mixtral-8x7b", "0.24", "0.24"}, {"mistralai", "mixtral-8x22b", "0.9", "0.9"},
            {"mistralai", "mistral-7b", "0.03", "0.05"}, {"mistralai", "mistral-nemo", "0.03", "0.07"},
            {"mistralai", "pixtral-12b", "0.1", "0.1"}, {"mistralai", "devstral-small", "0.07", "0.28"},
            {"qwen", "qwen-2.5-7b", "0.04", "0.1"}, {"qwen", "qwen-2.5-72b", "0.35", "0.4"},
            {"qwen", "qwen-2.5-coder-32b", "0.07", "0.16"}, {"qwen", "qwen-2-vl-72b", "0.4", "0.4"},
            {"qwen", "qwq-32b", "0.15", "0.2"}, {"qwen", "qwen3-8b", "0.035", "0.138"},
            {"qwen", "qwen3-14b", "0.06", "0.24"}, {"qwen", "qwen3-32b", "0.1", "0.3"},
            {"qwen", "qwen3-235b-a22b", "0.13", "0.6"}, {"qwen", "qwen3-coder", "0.2", "0.8"},
            {"deepseek", "deepseek-v3", "0.3", "0.88"}, {"deepseek", "deepseek-r1", "0.5", "2.15"},
            {"deepseek", "deepseek-r1-distill-llama-70b", "0.1", "0.4"}, {"deepseek", "deepseek-r1-distill-qwen-32b", "0.08", "0.18"},
            {"deepseek", "deepseek-coder-v2", "0.14", "0.28"}, {"deepseek", "deepseek-v3.1", "0.25", "1"},
            {"google", "gemma-2-9b", "0.03", "0.06"}, {"google", "gemma-2-27b", "0.27", "0.27"},
            {"google", "gemma-3-4b", "0.02", "0.04"}, {"google", "gemma-3-12b", "0.05", "0.1"},
            {"google", "gemma-3-27b", "0.1", "0.2"}, {"microsoft", "phi-3-mini", "0.1", "0.1"},
            {"microsoft", "phi-3-medium", "0.14", "0.14"}, {"microsoft", "phi-4", "0.07", "0.14"},
            {"microsoft", "wizardlm-2-8x22b", "0.5", "0.5"}, {"nvidia", "llama-3.1-nemotron-70b", "0.12", "0.3"},
            {"nousresearch", "hermes-3-llama-3.1-70b", "0.12", "0.3"}, {"nousresearch", "hermes-3-llama-3.1-405b", "0.8", "0.8"},
            {"01-ai", "yi-large", "3", "3"}, {"databricks", "dbrx-instruct", "1.2", "1.2"},
            {"openai", "gpt-oss-20b", "0.03", "0.15"}, {"openai", "gpt-oss-120b", "0.07", "0.28"},
            {"moonshotai", "kimi-k2", "0.14", "2.49"}, {"minimax", "minimax-m1", "0.3", "1.65"},
            {"ibm-granite", "granite-3.1-8b", "0.04", "0.04"}, {"allenai", "olmo-2-13b", "0.05", "0.05"},
            {"cognitivecomputations", "dolphin-mixtral-8x22b", "0.9", "0.9"}, {"sao10k", "l3.1-euryale-70b", "0.7", "0.8"},
            {"thudm", "glm-4-9b", "0.035", "0.1"}, {"bigcode", "starcoder2-15b", "0.04", "0.04"},
        };
        int i = 0;
        for (String[] r : open) {
            List<String> hosts = new ArrayList<>();
            int n = 3 + (i % 4);
            for (int k = 0; k < n; k++) {
                String h = OPEN_HOSTS[(i * 7 + k * 5) % OPEN_HOSTS.length];
                if (!hosts.contains(h)) {
                    hosts.add(h);
                }
            }
            boolean free = i % 9 == 0;
            models.add(new Model(r[1], r[0] + "/" + r[1], r[0], hosts, Double.parseDouble(r[2]), Double.parseDouble(r[3]), free));
            i++;
        }
        return new Catalog(providers, models);
    }

    private static void vendor(List<Model> out, String owner, String primary, String[][] rows, String... fallbacks) {
        for (String[] r : rows) {
            List<String> providers = Catalog.list(primary);
            providers.addAll(List.of(fallbacks));
            out.add(new Model(r[0], owner + "/" + r[0], owner, providers, Double.parseDouble(r[1]), Double.parseDouble(r[2]), false));
        }
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }
}
