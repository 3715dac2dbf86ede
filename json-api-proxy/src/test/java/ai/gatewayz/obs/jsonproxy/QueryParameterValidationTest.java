package ai.gatewayz.obs.jsonproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The proxy's parameters, named cases: a bad value is a 400 in the suite's JSON envelope with the
 * exact message naming the parameter and the value; an empty filter (Grafana's "All") and every
 * valid value are accepted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "proxy.upstream-url=http://127.0.0.1:9", "proxy.poll-interval=0s"})
class QueryParameterValidationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "-", value = {
        "unknown state            | GET  | /circuit-breakers?state=weird                  | -  | 400 | invalid parameter \"state\": \"weird\" is not a circuit breaker state; one of open, closed, half_open",
        "two states               | GET  | /circuit-breakers?state=open&state=closed      | -  | 400 | invalid parameter \"state\": \"open,closed\" is not a circuit breaker state; one of open, closed, half_open",
        "state with a space       | GET  | /circuit-breakers?state=half%20open            | -  | 400 | invalid parameter \"state\": \"half open\" is not a circuit breaker state; one of open, closed, half_open",
        "provider not a name      | GET  | /circuit-breakers?provider=%3Cscript%3E        | -  | 400 | invalid parameter \"provider\": \"<script>\" is not a provider name (letters, digits, '.', '_' and '-', at most 64)",
        "provider too long        | GET  | /history?provider=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | - | 400 | invalid parameter \"provider\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" is not a provider name (letters, digits, '.', '_' and '-', at most 64)",
        "from not a time          | GET  | /history?from=yesterday                        | -  | 400 | invalid parameter \"from\": cannot parse \"yesterday\" to a valid timestamp; expected Unix milliseconds or RFC 3339",
        "to not a date            | GET  | /history?to=2026-13-01T00:00:00Z               | -  | 400 | invalid parameter \"to\": cannot parse \"2026-13-01T00:00:00Z\" to a valid timestamp; expected Unix milliseconds or RFC 3339",
        "from overflows           | GET  | /history?from=99999999999999999999             | -  | 400 | invalid parameter \"from\": cannot parse \"99999999999999999999\" to a valid timestamp; expected Unix milliseconds or RFC 3339",
        "from after to            | GET  | /history?from=2000&to=1000                     | -  | 400 | from is after to [from=2000, to=1000]",
        "query targets not array  | POST | /query | `{\"targets\":{}}`                                  | 400 | invalid parameter \"targets\": \"{}\" must be an array",
        "query unknown target     | POST | /query | `{\"targets\":[{\"target\":\"nope\"}]}`             | 400 | unknown target [target=nope]; known: health_score, availability, error_rate, total_requests, avg_latency_ms, circuit_breakers",
        "query range.from bad     | POST | /query | `{\"range\":{\"from\":\"soon\"},\"targets\":[]}`    | 400 | invalid parameter \"range.from\": cannot parse \"soon\" to a valid timestamp; expected Unix milliseconds or RFC 3339",
        "query body not object    | POST | /query | `[1]`                                               | 400 | malformed json body [detail=expected an object]",
        "state any case           | GET  | /circuit-breakers?state=OPEN                   | -  | 200 | -",
        "state half_open          | GET  | /circuit-breakers?state=half_open&provider=openai | - | 200 | -",
        "empty filters mean all   | GET  | /circuit-breakers?state=&provider=             | -  | 200 | -",
        "history in RFC 3339      | GET  | /history?provider=groq&from=2026-03-20T10:00:00Z&to=2026-03-20T11:00:00%2B01:00 | - | 200 | -",
    })
    void parameters(String name, String method, String path, String body, int status, String message) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (method.equals("POST")) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode n = JSON.readTree(r.body());
        if (message == null) {
            assertThat(n.isArray()).as(r.body()).isTrue();
            return;
        }
        assertThat(n.get("status").asString()).isEqualTo("error");
        assertThat(n.get("errorType").asString()).isEqualTo("bad_data");
        assertThat(n.get("error").asString()).isEqualTo(message);
    }
}
