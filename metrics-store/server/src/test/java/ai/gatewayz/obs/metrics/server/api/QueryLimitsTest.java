package ai.gatewayz.obs.metrics.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.storage.TenantStorages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Query limits from configuration: too many samples is 422 execution, as in Prometheus. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"metrics.query.max-samples=100", "metrics.query.max-series=3"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryLimitsTest {
    @LocalServerPort
    int port;

    @Autowired
    TenantStorages storages;

    ApiClient api;

    @BeforeAll
    void setUp() {
        api = new ApiClient(port);
        TestData.load(storages.forTenant("anonymous"));
    }

    @Test
    void tooManySamplesIs422Execution() {
        ApiClient.Response r = api.get("/api/v1/query?time=1700001800&query=" + ApiClient.enc("sum_over_time(up[30m])"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"execution\",\"error\":"
                + "\"query processing would load too many samples into memory in query execution\"}");
        ApiClient.Response small = api.get("/api/v1/query?time=1700001800&query=up");
        assertThat(small.status()).isEqualTo(200);
    }

    @Test
    void tooManySeriesIs422Execution() {
        ApiClient.Response r = api.get("/api/v1/query?time=1700001800&query=" + ApiClient.enc("{job=~\".+\"}"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body()).contains("\"errorType\":\"execution\"");
    }
}
