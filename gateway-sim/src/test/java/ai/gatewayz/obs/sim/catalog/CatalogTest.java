package ai.gatewayz.obs.sim.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {
    @Test
    void standardCatalogueHasThirtyPlusProvidersAndHundredPlusModelsAllRoutable() {
        Catalog c = Catalog.standard();
        assertThat(c.providers()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(c.models()).hasSizeGreaterThanOrEqualTo(100);
        for (Model m : c.models()) {
            assertThat(m.providers()).allMatch(c::hasProvider);
            assertThat(m.canonical()).contains("/");
        }
        assertThat(c.model("gpt-4o-mini")).get().extracting(Model::canonical).isEqualTo("openai/gpt-4o-mini");
        assertThat(c.model("anthropic/claude-3-5-sonnet")).get().extracting(Model::id).isEqualTo("claude-3-5-sonnet");
        assertThat(c.model("llama-3.1-70b").orElseThrow().providers().size()).isGreaterThan(1);
        assertThat(c.model("nope")).isEmpty();
    }

    @Test
    void costIsPerMillionTokens() {
        Model m = new Model("m", "v/m", "v", List.of("p"), 2, 10, false);
        assertThat(m.cost(1_000_000, 100_000)).isEqualTo(3.0);
    }

    @Test
    void unknownProviderIsRejected() {
        assertThatThrownBy(() -> new Catalog(List.of(), List.of(new Model("m", "v/m", "v", List.of("p"), 1, 1, false))))
            .hasMessage("model names an unknown provider [model=m, provider=p]");
    }
}
