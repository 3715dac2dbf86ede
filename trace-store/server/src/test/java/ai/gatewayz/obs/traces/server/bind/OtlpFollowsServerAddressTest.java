package ai.gatewayz.obs.traces.server.bind;

import org.springframework.boot.test.context.SpringBootTest;

/** Without {@code traces.otlp-address} the OTLP ports listen where the API port does ({@code server.address}, which ./suite sets). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.2")
class OtlpFollowsServerAddressTest extends OtlpBindAddressContract {
    @Override
    String expectedAddress() {
        return "127.0.0.2";
    }
}
