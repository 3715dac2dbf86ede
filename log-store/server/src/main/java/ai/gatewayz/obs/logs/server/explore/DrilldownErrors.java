package ai.gatewayz.obs.logs.server.explore;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.StatusTable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the Drilldown endpoints: plain text as Loki answers them (Grafana rewraps 4xx bodies as
 * {@code {"message":…}} for the app), with the status from the suite's one status table.
 */
@RestControllerAdvice(assignableTypes = {DrilldownController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DrilldownErrors {
    @ExceptionHandler(SuiteException.class)
    public ResponseEntity<String> suite(SuiteException e) {
        return ResponseEntity.status(StatusTable.gatewayTimeoutStatus(e.kind())).contentType(MediaType.TEXT_PLAIN)
                .body(e.getMessage() + "\n");
    }

    static SuiteException missingQuery() {
        return new SuiteException(ErrorKind.BAD_DATA, "query parameter is required [param=query]");
    }

    static SuiteException notALogQuery(String query) {
        return new SuiteException(ErrorKind.BAD_DATA, "only log queries are supported here [query=" + query + "]");
    }

    /** Loki's {@code ErrParseMatchers} text, for a /patterns query that is more than a stream selector. */
    static SuiteException onlyLabelMatchers(String query) {
        return new SuiteException(ErrorKind.BAD_DATA, "only label matchers are supported [query=" + query + "]");
    }

    static SuiteException endBeforeStart(long start, long end) {
        return new SuiteException(ErrorKind.BAD_DATA,
                "end timestamp must not be before start time [start=" + start + ", end=" + end + "]");
    }

    static SuiteException badLimit(String name, String value) {
        return new SuiteException(ErrorKind.BAD_DATA, "limit must be a positive integer [" + name + "=" + value + "]");
    }
}
