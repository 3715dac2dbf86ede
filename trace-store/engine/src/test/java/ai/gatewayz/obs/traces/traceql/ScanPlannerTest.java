package ai.gatewayz.obs.traces.traceql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.gatewayz.obs.traces.storage.ScanPlan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which columns a search query makes a scan decode, and which skips it allows. */
class ScanPlannerTest {
    private static String describe(ScanPlan p) {
        StringBuilder b = new StringBuilder();
        if (p.whole()) {
            b.append("whole");
        } else {
            b.append(p.name() ? "N" : "").append(p.kind() ? "K" : "").append(p.status() ? "S" : "").append(p.attributes() ? "A" : "")
                    .append(p.genAiOnly() ? "G" : "").append(p.events() ? "E" : "").append(p.links() ? "L" : "");
        }
        b.append(' ').append(String.join("|", p.requiredStrings())).append(' ').append(p.minSpanDurationNanos());
        return b.toString().replace("  ", " _ ").trim();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '\'', value = {
        "{};  _ 0",
        "{ span.gen_ai.system = \"openai\" }; G openai 0",
        "{ .gen_ai.request.model = \"gpt-4o\" && duration > 150ms }; G gpt-4o 150000001",
        "{ 2s <= duration }; _ 2000000000",
        "{ duration >= 1s || name = \"x\" }; N _ 0",
        "{ span.http.route = \"/v1\" } | select(span.gen_ai.usage.input_tokens); A /v1 0",
        "{ resource.service.name = \"api\" }; api 0",
        "{ name = \"a\" } || { kind = client }; NK _ 0",
        "{ name = \"a\" } >> { status = error }; NS a 0",
        "{ name = \"a\" } !>> { statusMessage = \"m\" }; NS m 0",
        "{ name = \"a\" } && { event:name = \"retry\" }; NE a|retry 0",
        "{ link.kind = \"follows\" }; L follows 0",
        "{ span:id = \"0000000000000001\" && trace:id = \"ab\" };  _ 0",
        "{ name != \"a\" && name !~ \"b.*\" }; N _ 0",
        "{ duration > 1s } | count() > 2 | by(span.tier); A _ 1000000001",
        "({ rootServiceName = \"gw\" } | count() > 1) && { instrumentation:name = \"sim\" }; gw|sim 0",
        "{ .x = 1 } | avg(duration) > 10ms; A _ 0",
    })
    void plans(String query, String expected) {
        assertEquals(expected.trim(), describe(TraceqlQuery.parse(query).scanPlan()));
    }
}
