package ai.gatewayz.obs.logs.server.ruler;

import ai.gatewayz.obs.logs.ruler.LogRuler;
import ai.gatewayz.obs.logs.ruler.TenantRemoteWrite;
import ai.gatewayz.obs.testkit.PeerFixture;
import ai.gatewayz.obs.testkit.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the ruler tests against real peers share: a {@link PeerFixture} holding the peers, the rule
 * directory and {@code loki.yaml} (the server's {@code CONFIG_FILE}; data under {@code data/}), and the
 * virtual clock that drives evaluation. A subclass sets {@link #env} and {@link #clock} in its
 * {@code @BeforeAll} (the Spring context starts after it) and imports {@link Clocks}; both are closed
 * or dropped after the class. Subclasses must differ in their {@code @SpringBootTest} properties, so
 * that each gets its own context (and clock).
 */
abstract class RulerPeerTest {
    static PeerFixture env;
    static TestClock clock;

    @LocalServerPort
    int port;
    @Autowired
    LogRuler ruler;
    @Autowired
    TenantRemoteWrite remoteWrite;

    /** The subclass's clock as the context's {@code Clock}. */
    @TestConfiguration
    static class Clocks {
        @Bean
        TestClock clock() {
            return clock;
        }
    }

    @DynamicPropertySource
    static void fromFixture(DynamicPropertyRegistry r) {
        r.add("CONFIG_FILE", () -> env.dir().resolve("loki.yaml").toString());
        r.add("suite.data-dir", () -> env.dir().resolve("data").toString());
    }

    @AfterAll
    static void closeFixture() {
        if (env != null) {
            env.close();
            env = null;
        }
    }
}
