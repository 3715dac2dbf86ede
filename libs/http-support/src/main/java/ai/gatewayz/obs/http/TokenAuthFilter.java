package ai.gatewayz.obs.http;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.SuiteException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks bearer or basic credentials against the configured tokens. Basic auth accepts any user
 * name with the token as password, which is how Grafana datasources and Prometheus
 * {@code basic_auth} blocks usually carry a shared secret. Comparison is constant-time.
 */
public class TokenAuthFilter extends OncePerRequestFilter {
    private final AuthProperties properties;
    private final AuthPaths paths;
    private final AntPathMatcher matcher = new AntPathMatcher();

    public TokenAuthFilter(AuthProperties properties, AuthPaths paths) {
        this.properties = properties;
        this.paths = paths;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (matchesAny(paths.open(), path)) {
            chain.doFilter(request, response);
            return;
        }
        boolean ingest = matchesAny(paths.ingest(), path);
        List<String> tokens = ingest ? properties.ingestTokens() : properties.queryTokens();
        if (tokens.isEmpty() || accepted(request.getHeader("Authorization"), tokens)) {
            chain.doFilter(request, response);
            return;
        }
        SuiteException e = CommonErrors.unauthorized(ingest ? "ingest" : "query");
        response.setHeader("WWW-Authenticate", "Bearer realm=\"" + (ingest ? "ingest" : "query") + "\"");
        ErrorEnvelope.write(response, e.kind(), e.getMessage());
    }

    private boolean matchesAny(List<String> patterns, String path) {
        for (String p : patterns) {
            if (matcher.match(p, path)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an {@code Authorization} value (bearer, or basic with the token as password) carries one of {@code tokens}; also used by non-servlet transports such as gRPC. */
    public static boolean accepted(String header, List<String> tokens) {
        if (header == null) {
            return false;
        }
        String presented = null;
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = header.substring(7).trim();
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                presented = colon < 0 ? decoded : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (presented == null) {
            return false;
        }
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (String t : tokens) {
            ok |= MessageDigest.isEqual(p, t.getBytes(StandardCharsets.UTF_8));
        }
        return ok;
    }
}
