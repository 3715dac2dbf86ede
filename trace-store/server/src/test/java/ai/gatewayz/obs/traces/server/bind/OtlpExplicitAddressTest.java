package ai.gatewayz.obs.traces.server.bind;

import org.springframework.boot.test.context.SpringBootTest;

/** {@code traces.otlp-address} ({@code OTLP_BIND_ADDRESS}) wins over the API port's address. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "traces.otlp-address=127.0.0.3"})
class OtlpExplicitAddressTest extends OtlpBindAddressContract {
    @Override
    String expectedAddress() {
        return "127.0.0.3";
    }
}
