package ai.gatewayz.obs.http.edge;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.ErrorEnvelope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The suite-wide ceiling on a request body ({@code suite.http.max-body-size}). A declared
 * Content-Length over the ceiling is answered 413 before a byte is read; a chunked body is counted
 * as it is read and fails with the same error once it passes the ceiling. Endpoints with a tighter
 * limit of their own (remote write, alert ingest) check it themselves.
 */
public final class BodyLimitFilter extends OncePerRequestFilter {
    private final long max;

    public BodyLimitFilter(long max) {
        this.max = max;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > max) {
            SuiteException e = CommonErrors.payloadTooLarge(declared, max);
            response.setHeader("Connection", "close");
            ErrorEnvelope.write(response, e.kind(), e.getMessage());
            return;
        }
        chain.doFilter(declared >= 0 ? request : new Counted(request, max), response);
    }

    /** A request whose body stream fails once more than {@code max} bytes were read. */
    private static final class Counted extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;

        Counted(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), max);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long max;
        private long read;

        CountingStream(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw CommonErrors.payloadTooLarge(read, max);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
