package ai.gatewayz.obs.metrics.promql.parser;

/** The four PromQL value types, named as Prometheus names them in messages and in the API. */
public enum ValueType {
    SCALAR("scalar", "scalar"), VECTOR("instant vector", "vector"), MATRIX("range vector", "matrix"),
    STRING("string", "string");

    private final String description;
    private final String apiName;

    ValueType(String description, String apiName) {
        this.description = description;
        this.apiName = apiName;
    }

    /** As used in error messages: "instant vector", "range vector", ... */
    public String description() {
        return description;
    }

    /** As the HTTP API's resultType: "vector", "matrix", ... */
    public String apiName() {
        return apiName;
    }
}
