package ai.gatewayz.obs.jsonproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.jsonproxy.health.DataMetricsParser;
import ai.gatewayz.obs.jsonproxy.health.Snapshot;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DataMetricsParserTest {
    static final String EXPOSITION = """
        # HELP health_score Provider health score (0-100)
        # TYPE health_score gauge
        # TYPE circuit_breaker_state gauge
        health_score{provider="openai"} 45
        error_rate{provider="openai"} 0.75
        provider_availability{provider="openai"} 25
        total_requests{provider="openai"} 120
        avg_latency_ms{provider="openai"} 812.5
        health_score{provider="groq"} 100
        error_rate{provider="groq"} 0
        provider_availability{provider="groq"} 100
        total_requests{provider="groq"} 40
        avg_latency_ms{provider="groq"} 210
        circuit_breaker_state{provider="openai",model="gpt-4o",state="closed"} 0
        circuit_breaker_state{provider="openai",model="gpt-4o",state="open"} 1
        circuit_breaker_state{provider="openai",model="gpt-4o",state="half_open"} 0
        circuit_breaker_state{provider="groq",model="llama-3.1-70b",state="closed"} 1
        circuit_breaker_state{provider="groq",model="llama-3.1-70b",state="open"} 0
        circuit_breaker_state{provider="groq",model="llama-3.1-70b",state="half_open"} 0
        gatewayz_data_scrape_success 1
        """;

    @Test
    void parsesProvidersAndOneHotBreakers() {
        Snapshot s = DataMetricsParser.parse(EXPOSITION, Instant.EPOCH);
        assertThat(s.providers()).hasSize(2);
        assertThat(s.providers().get(1).provider()).isEqualTo("openai");
        assertThat(s.providers().get(1).status()).isEqualTo("unhealthy");
        assertThat(s.providers().get(1).avgLatencyMs()).isEqualTo(812.5);
        assertThat(s.providers().get(0).status()).isEqualTo("healthy");
        assertThat(s.breakers()).extracting(b -> b.provider() + ":" + b.model() + "=" + b.state())
            .containsExactly("openai:gpt-4o=open", "groq:llama-3.1-70b=closed");
    }

    @Test
    void malformedLinesNameTheLine() {
        assertThatThrownBy(() -> DataMetricsParser.parse("health_score{provider=\"a\"} abc\n", Instant.EPOCH))
            .hasMessageStartingWith("malformed value [line=1");
        assertThatThrownBy(() -> DataMetricsParser.parse("health_score{provider=a} 1\n", Instant.EPOCH))
            .hasMessageStartingWith("malformed labels [line=1");
    }
}
