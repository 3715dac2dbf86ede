package ai.gatewayz.obs.http;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every exception that leaves a controller into the JSON error envelope. Expected failures
 * ({@link SuiteException}) keep their message; anything else is a defect, logged with its stack
 * trace and answered as {@code internal} without one.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private final List<String> pending;
    private final AntPathMatcher matcher = new AntPathMatcher();

    public ApiExceptionHandler(ObjectProvider<PendingPaths> pendingPaths) {
        this.pending = pendingPaths.stream().flatMap(p -> p.patterns().stream()).toList();
    }

    @ExceptionHandler(SuiteException.class)
    public ResponseEntity<String> suite(SuiteException e) {
        return envelope(e.kind(), e.getMessage());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ResponseEntity<String> missingParameter(MissingServletRequestParameterException e) {
        return from(CommonErrors.missingParameter(e.getParameterName()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<String> typeMismatch(MethodArgumentTypeMismatchException e) {
        return from(CommonErrors.invalidParameter(e.getName(), String.valueOf(e.getValue()), "cannot parse %s"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<String> unreadable(HttpMessageNotReadableException e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof SuiteException se) {
                return from(se);
            }
        }
        String detail = e.getMostSpecificCause().getMessage();
        return from(CommonErrors.malformedBody("request", detail == null ? "unreadable body" : firstLine(detail)));
    }

    /** Tomcat refuses to decode the query string or form body (bad %-escape, too many or too large). */
    @ExceptionHandler(InvalidParameterException.class)
    public ResponseEntity<String> undecodable(InvalidParameterException e) {
        if (e.getErrorCode() == 413) {
            return from(CommonErrors.payloadTooLarge(-1, -1));
        }
        return from(CommonErrors.undecodableParameters(firstLine(String.valueOf(e.getMessage()))));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    public ResponseEntity<String> missingHeader(MissingRequestHeaderException e) {
        return from(CommonErrors.missingParameter(e.getHeaderName()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<String> mediaType(HttpMediaTypeNotSupportedException e) {
        return from(CommonErrors.unsupportedMediaType(String.valueOf(e.getContentType())));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    public ResponseEntity<String> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return envelope(ErrorKind.NOT_ACCEPTABLE, "cannot produce an acceptable representation");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<String> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return from(CommonErrors.methodNotAllowed(e.getMethod(), request.getRequestURI()));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<String> noRoute(NoResourceFoundException e, HttpServletRequest request) {
        String path = request.getRequestURI();
        for (String p : pending) {
            if (matcher.match(p, path)) {
                return from(CommonErrors.notImplemented(request.getMethod(), path));
            }
        }
        return from(CommonErrors.notFound(request.getMethod(), path));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    public ResponseEntity<String> tooLarge(MaxUploadSizeExceededException e) {
        return from(CommonErrors.payloadTooLarge(-1, e.getMaxUploadSize()));
    }

    @ExceptionHandler(AsyncRequestNotUsableException.class)
    public void clientGone(AsyncRequestNotUsableException e) {
        // The client disconnected; there is nobody to answer.
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<String> defect(Exception e, HttpServletRequest request) {
        log.error("unhandled error [method={}, path={}]", request.getMethod(), request.getRequestURI(), e);
        return envelope(ErrorKind.INTERNAL, "internal error [type=" + e.getClass().getSimpleName() + "]");
    }

    private static ResponseEntity<String> from(SuiteException e) {
        return envelope(e.kind(), e.getMessage());
    }

    static ResponseEntity<String> envelope(ErrorKind kind, String message) {
        return ResponseEntity.status(StatusTable.status(kind))
                .contentType(MediaType.APPLICATION_JSON)
                .body(ErrorEnvelope.json(kind, message));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
