package ai.gatewayz.obs.alerts.notify;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small blocking HTTP/1.1 client for webhook POSTs. Connections are kept alive and pooled per
 * origin (scheme, host, port), most recently used first; {@code https} goes through the default
 * {@link SSLSocketFactory} with host name verification. Written for virtual threads: a blocked
 * read parks the caller instead of occupying a selector or a callback executor, and one exchange
 * costs one write and usually one read system call.
 *
 * <p>A request that fails on a reused connection before any response byte arrived is retried once
 * on a new connection (the receiver closed the idle connection; Go's transport, which Alertmanager
 * uses, does the same). The timeout bounds connecting and each read. Thread-safe; the caller bounds
 * concurrency (the dispatcher's per-integration in-flight limit).
 */
public final class HttpPostClient implements AutoCloseable {
    /** A response: status code and body (truncated to {@value #MAX_BODY} bytes). */
    public record Response(int status, byte[] body) {
    }

    static final int MAX_BODY = 64 << 10;
    /** Below common server idle timeouts (Node 5 s, JDK 30 s, nginx 75 s), so pooled connections are rarely stale. */
    private static final long IDLE_MS = 4_000;
    private static final int MAX_IDLE_PER_ORIGIN = 256;

    private final ConcurrentHashMap<String, ConcurrentLinkedDeque<Conn>> idle = new ConcurrentHashMap<>();
    private final int connectTimeoutMs;
    private volatile boolean closed;

    public HttpPostClient(int connectTimeoutMs) {
        this.connectTimeoutMs = connectTimeoutMs;
    }

    private static final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        long lastUsed;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = socket.getOutputStream();
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }

    /** Thrown when the connection broke before the first response byte (safe to retry on a new one). */
    private static final class StaleConnection extends IOException {
        StaleConnection(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** POSTs {@code body} with the given headers (Host, Content-Length and Connection are added). */
    public Response post(URI uri, Map<String, String> headers, byte[] body, int timeoutMs) throws IOException {
        if (closed) {
            throw new IOException("http client closed");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException("unsupported URL scheme [scheme=" + scheme + "]");
        }
        String host = uri.getHost();
        if (host == null) {
            throw new IOException("URL has no host [url=" + uri.getScheme() + "://" + uri.getRawAuthority() + "]");
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String key = scheme + "://" + host + ":" + port;
        byte[] head = requestHead(uri, host, port, tls, headers, body.length);
        ConcurrentLinkedDeque<Conn> pool = idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        long now = System.currentTimeMillis();
        Conn c;
        while ((c = pool.pollFirst()) != null && now - c.lastUsed > IDLE_MS) {
            c.closeQuietly();
        }
        if (c != null) {
            try {
                return exchange(c, pool, head, body, timeoutMs);
            } catch (StaleConnection e) {
                // the receiver closed the idle connection: one more try on a new connection
            }
        }
        try {
            return exchange(open(host, port, tls), pool, head, body, timeoutMs);
        } catch (StaleConnection e) {
            throw (IOException) e.getCause();
        }
    }

    private Conn open(String host, int port, boolean tls) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            if (tls) {
                SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(s, host, port, true);
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
                ssl.startHandshake();
                return new Conn(ssl);
            }
            return new Conn(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private Response exchange(Conn c, ConcurrentLinkedDeque<Conn> pool, byte[] head, byte[] body, int timeoutMs) throws IOException {
        boolean keep = false;
        try {
            c.socket.setSoTimeout(timeoutMs);
            try {
                c.out.write(head);
                c.out.write(body);
                c.out.flush();
            } catch (IOException e) {
                throw new StaleConnection(e);
            }
            int first;
            try {
                first = c.in.read();
            } catch (java.net.SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                throw new StaleConnection(e);
            }
            if (first < 0) {
                throw new StaleConnection(new EOFException("connection closed before the response"));
            }
            Response r;
            while (true) {
                String status = line(c.in, first);
                first = -1;
                String[] parts = status.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                    throw new IOException("malformed HTTP status line [line=" + abbreviate(status) + "]");
                }
                int code;
                try {
                    code = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed HTTP status line [line=" + abbreviate(status) + "]");
                }
                boolean http10 = parts[0].equals("HTTP/1.0");
                long length = -1;
                boolean chunked = false;
                Boolean connKeep = null;
                String h;
                while (!(h = line(c.in, -1)).isEmpty()) {
                    int colon = h.indexOf(':');
                    if (colon <= 0) {
                        continue;
                    }
                    String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = h.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> {
                            try {
                                length = Long.parseLong(value);
                            } catch (NumberFormatException e) {
                                throw new IOException("malformed Content-Length [value=" + abbreviate(value) + "]");
                            }
                        }
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        case "connection" -> {
                            String v = value.toLowerCase(Locale.ROOT);
                            if (v.contains("close")) {
                                connKeep = false;
                            } else if (v.contains("keep-alive")) {
                                connKeep = true;
                            }
                        }
                        default -> { }
                    }
                }
                if (code >= 100 && code < 200) {
                    continue; // 100 Continue and other interim responses
                }
                keep = connKeep != null ? connKeep : !http10;
                byte[] b;
                if (code == 204 || code == 304) {
                    b = new byte[0];
                } else if (chunked) {
                    b = readChunked(c.in);
                } else if (length >= 0) {
                    b = readFixed(c.in, length);
                } else {
                    b = readToEof(c.in);
                    keep = false;
                }
                r = new Response(code, b);
                break;
            }
            return r;
        } finally {
            if (keep && !closed) {
                c.lastUsed = System.currentTimeMillis();
                if (pool.size() < MAX_IDLE_PER_ORIGIN) {
                    pool.offerFirst(c);
                } else {
                    c.closeQuietly();
                }
            } else {
                c.closeQuietly();
            }
        }
    }

    private static byte[] requestHead(URI uri, String host, int port, boolean tls, Map<String, String> headers, int length) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder sb = new StringBuilder(256);
        sb.append("POST ").append(path);
        if (uri.getRawQuery() != null) {
            sb.append('?').append(uri.getRawQuery());
        }
        sb.append(" HTTP/1.1\r\nHost: ");
        sb.append(host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host);
        if (port != (tls ? 443 : 80)) {
            sb.append(':').append(port);
        }
        sb.append("\r\n");
        for (Map.Entry<String, String> e : headers.entrySet()) {
            sb.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        }
        sb.append("Content-Length: ").append(length).append("\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One header line without CRLF; {@code first} is an already read byte or -1. */
    private static String line(InputStream in, int first) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int b = first >= 0 ? first : in.read();
        while (true) {
            if (b < 0) {
                throw new EOFException("connection closed inside the response head");
            }
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                if (sb.length() >= 16 << 10) {
                    throw new IOException("response header line too long");
                }
                sb.append((char) b);
            }
            b = in.read();
        }
        return sb.toString();
    }

    private static byte[] readFixed(InputStream in, long length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(length, MAX_BODY));
        copy(in, out, length);
        return out.toByteArray();
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in, -1);
            int semi = size.indexOf(';');
            long n;
            try {
                n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size [line=" + abbreviate(size) + "]");
            }
            if (n == 0) {
                while (!line(in, -1).isEmpty()) {
                    // trailers
                }
                return out.toByteArray();
            }
            copy(in, out, n);
            line(in, -1);
        }
    }

    private static byte[] readToEof(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy(in, out, Long.MAX_VALUE);
        return out.toByteArray();
    }

    /** Reads {@code n} bytes (or to EOF when n is Long.MAX_VALUE), keeping at most MAX_BODY of them. */
    private static void copy(InputStream in, ByteArrayOutputStream out, long n) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                if (n == Long.MAX_VALUE) {
                    return;
                }
                throw new EOFException("connection closed inside the response body");
            }
            int keep = Math.max(0, Math.min(r, MAX_BODY - out.size()));
            out.write(buf, 0, keep);
            left -= r;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    @Override
    public void close() {
        closed = true;
        for (ConcurrentLinkedDeque<Conn> pool : idle.values()) {
            Conn c;
            while ((c = pool.pollFirst()) != null) {
                c.closeQuietly();
            }
        }
    }
}
