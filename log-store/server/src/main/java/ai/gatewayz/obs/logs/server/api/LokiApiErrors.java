package ai.gatewayz.obs.logs.server.api;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.StatusTable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Loki answers query API errors as plain text with the status alone carrying the class (400 parse
 * errors and bad parameters, 422 execution limits, 503, 504 on timeout); Grafana shows the body.
 */
@RestControllerAdvice(assignableTypes = {QueryController.class, MetadataController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class LokiApiErrors {
    @ExceptionHandler(SuiteException.class)
    public ResponseEntity<String> suite(SuiteException e) {
        return ResponseEntity.status(StatusTable.gatewayTimeoutStatus(e.kind())).contentType(MediaType.TEXT_PLAIN)
                .body(e.getMessage() + "\n");
    }
}
