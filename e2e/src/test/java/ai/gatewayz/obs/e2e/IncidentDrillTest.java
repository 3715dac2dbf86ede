package ai.gatewayz.obs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.Peers;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's incident drill, end to end with the run command: {@code ./suite} starts metrics-store,
 * alert-router and gateway-sim from their built jars; alert-router runs the shipped
 * deploy/alertmanager/alertmanager.yml (routing tree, inhibitions, receivers and mail templates
 * unchanged) with a GreenMail SMTP server as its smarthost and a local webhook sink, from the
 * SMTP_* and ALERT_* variables the file names. metrics-store evaluates the shipped deploy/rules
 * with only their group intervals shortened to 5 s (expressions, {@code for} and labels as
 * shipped; scrapes every 5 s too), so the drill takes a minute or two instead of several. A
 * provider outage is staged through gateway-sim's scenario API while chat requests for one of its
 * models keep arriving (six callers, one call a second each), and the page must come: exactly one mail to the critical receiver naming
 * the provider, within 2 minutes of the injection. Everything alert-router sends is counted
 * against what arrived before the mailbox is judged.
 */
class IncidentDrillTest {
    static final Path ROOT = Peers.sourceRoot();
    static final String PROVIDER = "cohere";
    static final String MODEL = "command-r-plus";
    static final String OPS = "ops@gatewayz.test";
    static final String ONCALL = "oncall@gatewayz.test";
    static final String GRAFANA = "http://grafana.drill.test";
    /** Concurrent callers of the model during the drill. */
    static final int DRIVERS = 6;
    /** Between one caller's calls: the callers share one API key, which gateway-sim limits to 600 calls a minute. */
    static final Duration CALL_PAUSE = Duration.ofSeconds(1);
    static final Pattern SENT = Pattern.compile("(?m)^alertmanager_notifications_total(?:\\{[^}]*})? (\\S+)$");

    @TempDir
    Path dir;

    /** The shipped rules with every group evaluated every {@code interval}; nothing but interval lines differs. */
    static String withInterval(String text, String interval) {
        String t = text.replaceAll("(?m)^(\\s+)interval: \\S+$", "$1interval: " + interval);
        return t.replaceAll("(?m)^(  - name: \\S+)\\n(?!\\s+interval:)", "$1\n    interval: " + interval + "\n");
    }

    static String withoutIntervalLines(String text) {
        return text.replaceAll("(?m)^\\s+interval: \\S+\\n", "");
    }

    @Test
    void aProviderOutageMailsThePageReceiverOnceNamingTheProviderWithinTwoMinutes() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/rules"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                String shipped = Files.readString(f);
                String fast = withInterval(shipped, "5s");
                assertThat(withoutIntervalLines(fast)).as(f + ": only intervals change").isEqualTo(withoutIntervalLines(shipped));
                Files.writeString(rules.resolve(f.getFileName()), fast);
            }
        }
        String shippedRouter = Files.readString(ROOT.resolve("deploy/alertmanager/alertmanager.yml"));
        assertThat(shippedRouter).contains("smtp_require_tls: true");
        // GreenMail's plain SMTP offers no STARTTLS; everything else is the shipped file
        Path routerConfig = dir.resolve("alertmanager.yml");
        Files.writeString(routerConfig, shippedRouter.replace("smtp_require_tls: true", "smtp_require_tls: false"));

        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alert-router@gatewayz.test", "drill-password"));
        smtp.start();
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        AtomicInteger webhooks = new AtomicInteger();
        hook.createContext("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            webhooks.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hook.start();
        AtomicBoolean driving = new AtomicBoolean(true);
        List<Thread> drivers = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Path data = Files.createDirectories(dir.resolve("data"));
        try (SuiteProcess suite = SuiteProcess.start(data, List.of("metrics-store", "alert-router", "gateway-sim"), Map.ofEntries(
                Map.entry("SUITE_SCRAPE_INTERVAL", "5s"),
                Map.entry("SUITE_RULE_FILES", rules.resolve("*.yml").toString()),
                Map.entry("SUITE_ALERT_ROUTER_CONFIG", routerConfig.toString()),
                Map.entry("SMTP_HOST", "127.0.0.1:" + smtp.getSmtp().getPort()),
                Map.entry("SMTP_FROM", "alert-router@gatewayz.test"),
                Map.entry("SMTP_USER", "alert-router@gatewayz.test"),
                Map.entry("SMTP_PASSWORD", "drill-password"),
                Map.entry("ALERT_EMAIL_OPS", OPS),
                Map.entry("ALERT_EMAIL_CRIT", ONCALL),
                Map.entry("ALERT_WEBHOOK_TARGET", "127.0.0.1:" + hook.getAddress().getPort() + "/hook"),
                Map.entry("GRAFANA_URL", GRAFANA)))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            SuiteTelemetry t = new SuiteTelemetry(http, suite.url("metrics-store"), suite.url("gateway-sim"));
            // the rules run on scraped traffic before anything is staged
            var rated = t.awaitSeries("provider:model_inference_requests:rate5m", r -> r.size() > 0,
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(90));
            assertThat(rated.size()).as("recorded provider rates\n" + suite.log("metrics-store", 30)).isPositive();
            assertThat(smtp.getReceivedMessages()).as("no mail before the incident").isEmpty();

            t.stageOutage(PROVIDER, 300);
            long injected = System.nanoTime();
            // callers of the model keep coming: gateway-sim answers in real time (seconds per call), so several at once
            for (int i = 0; i < DRIVERS; i++) {
                drivers.add(Thread.ofVirtual().start(() -> {
                    while (driving.get()) {
                        try {
                            // a new prompt each time: a repeated one is answered from gateway-sim's response cache
                            String body = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"drill call "
                                    + calls.incrementAndGet() + "\"}]}";
                            http.send(HttpRequest.newBuilder(URI.create(suite.url("gateway-sim") + "/v1/chat/completions"))
                                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                                    .header("Authorization", "Bearer gw-sim-key-1").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.discarding());
                            Thread.sleep(CALL_PAUSE);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            // a refused or timed-out call is part of an outage; keep calling
                        }
                    }
                }));
            }
            long deadline = injected + TimeUnit.SECONDS.toNanos(120);
            MimeMessage page = null;
            while (page == null && System.nanoTime() < deadline) {
                for (MimeMessage m : smtp.getReceivedMessages()) {
                    if (m.getSubject().contains("ProviderHighErrorRate")) {
                        page = m;
                    }
                }
                Thread.sleep(250);
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - injected);
            if (page == null) {
                driving.set(false);
            }
            assertThat(page).as("a ProviderHighErrorRate mail within 120 s of the injection; mailbox: " + describe(smtp) + "\n"
                    + diagnostics(t, http, suite)).isNotNull();
            driving.set(false);
            System.out.println("incident drill: page mail " + seconds + " s after the injection");

            // everything alert-router delivered has arrived (mails and webhooks) before the mailbox is judged
            long sent = 0;
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < settle) {
                sent = sent(http, suite.url("alert-router"));
                if (sent == smtp.getReceivedMessages().length + webhooks.get()) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(smtp.getReceivedMessages().length + webhooks.get()).as("mails and webhooks that arrived = notifications sent")
                    .isEqualTo(sent);

            List<MimeMessage> pages = new ArrayList<>();
            for (MimeMessage m : smtp.getReceivedMessages()) {
                System.out.println("incident drill: mail to " + m.getAllRecipients()[0] + ": " + m.getSubject());
                if (m.getSubject().contains("ProviderHighErrorRate")) {
                    pages.add(m);
                }
            }
            assertThat(pages).as("ProviderHighErrorRate mails: " + describe(smtp)).hasSize(1);
            MimeMessage p = pages.get(0);
            assertThat(p.getAllRecipients()).extracting(Object::toString).containsExactly(ONCALL);
            assertThat(p.getSubject()).isEqualTo("[PAGE FIRING] ProviderHighErrorRate provider=" + PROVIDER);
            String body = text(p);
            assertThat(body).contains("FIRING ProviderHighErrorRate severity=critical provider=" + PROVIDER)
                    .contains("Provider " + PROVIDER + " fails ")
                    .contains("Runbook: https://github.com/gatewayz/observability-suite/blob/main/docs/runbooks.md#providerhigherrorrate")
                    .contains("Dashboard: " + GRAFANA + "/d/gatewayz-provider-directory?var-provider=" + PROVIDER);
        } finally {
            driving.set(false);
            for (Thread d : drivers) {
                d.join(Duration.ofSeconds(35));
            }
            hook.stop(0);
            smtp.stop();
        }
    }

    /** What metrics-store and alert-router say, for a failure message. */
    static String diagnostics(SuiteTelemetry t, HttpClient http, SuiteProcess suite) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String q : List.of("provider:model_inference_failure_ratio:rate2m{provider=\"" + PROVIDER + "\"}",
                "provider:model_inference_failures:rate2m{provider=\"" + PROVIDER + "\"}",
                "sum by (status) (model_inference_requests_total{provider=\"" + PROVIDER + "\"})",
                "sum(circuit_breaker_rejected_requests_total{provider=\"" + PROVIDER + "\"})", "ALERTS", "up")) {
            sb.append(q).append(" = ").append(t.query(q, System.currentTimeMillis() / 1000.0)).append('\n');
        }
        for (String path : List.of("/api/v1/alerts", "/api/v1/rules?type=alert&rule_name[]=ProviderHighErrorRate")) {
            sb.append(path).append(" = ").append(http.send(HttpRequest.newBuilder(URI.create(suite.url("metrics-store") + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).append('\n');
        }
        sb.append("alert-router alerts = ").append(http.send(HttpRequest.newBuilder(URI.create(suite.url("alert-router") + "/api/v2/alerts")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).append('\n');
        return sb.append(suite.log("metrics-store", 25)).append('\n').append(suite.log("alert-router", 10)).append('\n')
                .append(suite.log("gateway-sim", 10)).toString();
    }

    /** The decoded text/plain content of a mail (all such parts of a multipart one). */
    static String text(jakarta.mail.Part p) throws Exception {
        if (p.isMimeType("text/plain")) {
            return String.valueOf(p.getContent());
        }
        StringBuilder sb = new StringBuilder();
        if (p.isMimeType("multipart/*")) {
            jakarta.mail.Multipart mp = (jakarta.mail.Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                sb.append(text(mp.getBodyPart(i)));
            }
        }
        return sb.toString();
    }

    static String describe(GreenMail smtp) throws Exception {
        StringBuilder sb = new StringBuilder("[");
        for (MimeMessage m : smtp.getReceivedMessages()) {
            sb.append(sb.length() > 1 ? "; " : "").append(m.getAllRecipients()[0]).append(": ").append(m.getSubject());
        }
        return sb.append(']').toString();
    }

    static long sent(HttpClient http, String router) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(router + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = SENT.matcher(r.body());
        long n = 0;
        while (m.find()) {
            n += (long) Double.parseDouble(m.group(1));
        }
        return n;
    }
}
