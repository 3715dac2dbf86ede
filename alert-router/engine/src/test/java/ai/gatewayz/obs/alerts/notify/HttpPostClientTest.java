package ai.gatewayz.obs.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The webhook HTTP client against the JDK's HTTP server and against raw sockets: keep-alive reuse,
 * chunked and fixed-length bodies, request head and body on the wire, a receiver that closes idle
 * connections (retried once on a new connection), non-2xx answers and refused connections.
 */
class HttpPostClientTest {
    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json", "User-Agent", "test/1");

    @Test
    void reusesOneConnectionForSequentialPostsAndReadsBodies() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> remotes = new CopyOnWriteArrayList<>();
        server.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " " + ex.getRequestURI()
                    + " " + ex.getRequestHeaders().getFirst("Content-Type") + " " + ex.getRequestHeaders().getFirst("User-Agent"));
            remotes.add(ex.getRemoteAddress().toString());
            byte[] out = "ok".getBytes(StandardCharsets.UTF_8);
            boolean chunked = ex.getRequestURI().getQuery() != null;
            ex.sendResponseHeaders(chunked ? 202 : 200, chunked ? 0 : out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        try (HttpPostClient client = new HttpPostClient(2_000)) {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            HttpPostClient.Response r1 = client.post(URI.create(base), HEADERS, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), 2_000);
            HttpPostClient.Response r2 = client.post(URI.create(base + "?x=1"), HEADERS, "{\"a\":2}".getBytes(StandardCharsets.UTF_8), 2_000);
            HttpPostClient.Response r3 = client.post(URI.create(base), HEADERS, "{}".getBytes(StandardCharsets.UTF_8), 2_000);
            assertThat(r1.status()).isEqualTo(200);
            assertThat(new String(r1.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
            assertThat(r2.status()).isEqualTo(202);
            assertThat(new String(r2.body(), StandardCharsets.UTF_8)).as("chunked body").isEqualTo("ok");
            assertThat(r3.status()).isEqualTo(200);
            assertThat(bodies).containsExactly("{\"a\":1} /hook application/json test/1", "{\"a\":2} /hook?x=1 application/json test/1",
                    "{} /hook application/json test/1");
            assertThat(remotes).as("one keep-alive connection").containsOnly(remotes.get(0));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void receiverClosingIdleConnectionsIsRetriedOnANewOne() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        try (ServerSocket ss = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                while (!ss.isClosed()) {
                    try (Socket s = ss.accept()) {
                        connections.incrementAndGet();
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                        int len = 0;
                        String line;
                        while ((line = in.readLine()) != null && !line.isEmpty()) {
                            if (line.toLowerCase().startsWith("content-length:")) {
                                len = Integer.parseInt(line.substring(15).trim());
                            }
                        }
                        in.skip(len);
                        requests.incrementAndGet();
                        OutputStream out = s.getOutputStream();
                        // no "Connection: close": the client pools the connection, which this server then closes
                        out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    } catch (IOException e) {
                        // next connection
                    }
                }
            });
            try (HttpPostClient client = new HttpPostClient(2_000)) {
                URI uri = URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/");
                for (int i = 0; i < 3; i++) {
                    assertThat(client.post(uri, HEADERS, "{}".getBytes(StandardCharsets.UTF_8), 2_000).status()).isEqualTo(200);
                    Thread.sleep(50);
                }
            }
            assertThat(requests.get()).isEqualTo(3);
            assertThat(connections.get()).isEqualTo(3);
            ss.close();
            t.join(2_000);
        }
    }

    @Test
    void non2xxIsReturnedAndRefusedConnectionThrows() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        server.start();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (HttpPostClient client = new HttpPostClient(2_000)) {
            HttpPostClient.Response r = client.post(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x"), HEADERS,
                    new byte[0], 2_000);
            assertThat(r.status()).isEqualTo(503);
            assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:" + closedPort + "/"), HEADERS, new byte[0], 2_000))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> client.post(URI.create("ftp://127.0.0.1/"), HEADERS, new byte[0], 2_000))
                    .isInstanceOf(IOException.class).hasMessageContaining("unsupported URL scheme [scheme=ftp]");
        } finally {
            server.stop(0);
        }
    }
}
