package ai.gatewayz.obs.http.edge;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.ErrorEnvelope;
import ai.gatewayz.obs.http.StatusTable;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's host-level error report, replaced: requests that Tomcat rejects before any servlet runs
 * (an unparsable request line, oversized headers, a URI that does not decode or normalise) get the
 * JSON envelope instead of Tomcat's HTML page. Anything that reached Spring MVC has already been
 * answered by then and is left alone.
 *
 * <p>Tomcat reports an oversized request line and oversized headers alike as 400 with the same
 * message; the valve tells them apart by whether the request line was complete, and answers them
 * as Go's net/http and RFC 6585 do (414, 431).
 */
public final class EnvelopeErrorReportValve extends ErrorReportValve {
    private static final Logger log = LoggerFactory.getLogger(EnvelopeErrorReportValve.class);
    /** Tomcat's text (iib.requestheadertoolarge.error) for a header buffer overflow. */
    private static final String HEADER_TOO_LARGE = "Request header is too large";
    private static final int MAX_DETAIL = 200;

    private final long maxHeaderBytes;

    public EnvelopeErrorReportValve(long maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        SuiteException e = classify(request, status, throwable, response.getMessage());
        log.debug("rejected before routing [status={}, message={}]", StatusTable.status(e.kind()), e.getMessage());
        try {
            response.resetBuffer();
            response.setStatus(StatusTable.status(e.kind()));
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ErrorEnvelope.json(e.kind(), e.getMessage()));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // The connection is already gone or the response committed: nobody is left to read it.
        }
    }

    private SuiteException classify(Request request, int status, Throwable throwable, String containerMessage) {
        if (throwable instanceof InvalidParameterException ipe) {
            return ipe.getErrorCode() == 413
                    ? CommonErrors.payloadTooLarge(-1, -1)
                    : CommonErrors.undecodableParameters(detail(ipe.getMessage()));
        }
        if (status == 400 && throwable instanceof IllegalArgumentException iae) {
            if (HEADER_TOO_LARGE.equals(iae.getMessage())) {
                return requestLineComplete(request) ? CommonErrors.headersTooLarge(maxHeaderBytes)
                        : CommonErrors.uriTooLong(maxHeaderBytes);
            }
            return CommonErrors.malformedRequest(detail(iae.getMessage()));
        }
        if (status == 400) {
            return CommonErrors.malformedRequest(detail(containerMessage == null ? "rejected by the container" : containerMessage));
        }
        return new SuiteException(StatusTable.kindOf(status),
                "request rejected [status=" + status + ", path=" + detail(request.getRequestURI()) + "]");
    }

    private static boolean requestLineComplete(Request request) {
        // Tomcat stores the target only once it has read the blank after it; the protocol is set
        // early (to answer in HTTP/1.1), so it says nothing.
        return !request.getCoyoteRequest().requestURI().isNull();
    }

    private static String detail(String s) {
        if (s == null) {
            return "none";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "..." : line;
    }
}
