package ai.gatewayz.obs.sim.telemetry;

import ai.gatewayz.obs.sim.catalog.Catalog;
import ai.gatewayz.obs.sim.core.Attempt;
import ai.gatewayz.obs.sim.core.Outcome;
import ai.gatewayz.obs.sim.core.Stage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Turns an {@link Outcome} into the span tree the backend produces for a chat request, with the
 * simulated timestamps: the SERVER span of the route, stage spans, Redis CLIENT spans per cache
 * operation, {@code route_model}, the AITracer inference span ({@code unified_handler/{model}} or
 * {@code stream_completion_{provider}_{model}}) with the {@code ai.*} and {@code gen_ai.*}
 * attributes, one {@code provider_call/{provider}} span per upstream attempt with its HTTP client
 * span, and the OpenLLMetry-style {@code {vendor}.chat} span carrying
 * {@code gen_ai.usage.prompt_tokens}/{@code completion_tokens}. Thread-safe (the tracer is).
 */
public final class TraceEmitter {
    private final Tracer tracer;
    private final Catalog catalog;

    public TraceEmitter(Tracer tracer, Catalog catalog) {
        this.tracer = tracer;
        this.catalog = catalog;
    }

    /** Emits the spans and returns the (already ended) SERVER span, to be made current for exemplars and logs. */
    public Span emit(Outcome o, String method, String route) {
        long base = nanos(o.start());
        Span root = tracer.spanBuilder(method + " " + route).setSpanKind(SpanKind.SERVER).setNoParent()
            .setStartTimestamp(base, TimeUnit.NANOSECONDS)
            .setAttribute("http.method", method).setAttribute("http.request.method", method)
            .setAttribute("http.route", route).setAttribute("http.target", route).setAttribute("url.path", route)
            .setAttribute("http.status_code", (long) o.status()).setAttribute("http.response.status_code", (long) o.status())
            .setAttribute("server.address", "api.gatewayz.ai").startSpan();
        // as the pyroscope-java OpenTelemetry integration marks root spans: Grafana offers the span's profile when it is set
        root.setAttribute("pyroscope.profile.id", root.getSpanContext().getSpanId());
        if (o.user() != null) {
            root.setAttribute("user.id", o.user().id());
            root.setAttribute("customer.id", o.user().id());
        }
        Context rootCtx = Context.root().with(root);
        // stage spans with their cache operations
        Span stageSpan = null;
        String stageName = null;
        long stageEnd = 0;
        Context stageCtx = rootCtx;
        for (Stage s : o.stages()) {
            if (s.name().equals("backend_fetch") || s.name().equals("stream_processing")) {
                continue;
            }
            if (!s.name().equals(stageName)) {
                if (stageSpan != null) {
                    stageSpan.end(base + ms(stageEnd), TimeUnit.NANOSECONDS);
                }
                stageName = s.name();
                stageSpan = child(rootCtx, s.name().equals("general_routing") ? "route_model" : s.name(), SpanKind.INTERNAL, base, s.startMs())
                    .startSpan();
                if (s.name().equals("general_routing")) {
                    stageSpan.setAttribute("ai.routing.strategy", "priority_failover");
                    stageSpan.setAttribute("service.operation", "route_selection");
                }
                stageCtx = rootCtx.with(stageSpan);
            }
            stageEnd = s.endMs();
            if (s.cacheLayer() != null) {
                String cmd = switch (s.cacheOp()) {
                    case "write" -> "SET";
                    case "delete" -> "DEL";
                    default -> "GET";
                };
                Span redis = child(stageCtx, cmd, SpanKind.CLIENT, base, s.startMs())
                    .setAttribute("db.system", "redis").setAttribute("db.statement", cmd + " " + s.cacheLayer() + ":?")
                    .setAttribute("net.peer.name", "redis.upstash.io").setAttribute("server.address", "redis.upstash.io")
                    .setAttribute("peer.service", "upstash-redis").setAttribute("cache.layer", s.cacheLayer())
                    .setAttribute("cache.operation", s.cacheOp()).setAttribute("ai.cache.hit", s.hit()).startSpan();
                redis.end(base + ms(s.endMs()), TimeUnit.NANOSECONDS);
            } else if ("db_lookup".equals(s.cacheOp())) {
                child(stageCtx, "SELECT api_keys", SpanKind.CLIENT, base, s.startMs()).setAttribute("db.system", "postgresql")
                    .setAttribute("server.address", "db.supabase.co").setAttribute("peer.service", "supabase").startSpan()
                    .end(base + ms(s.endMs()), TimeUnit.NANOSECONDS);
            } else if ("catalog_fetch".equals(s.cacheOp())) {
                child(stageCtx, "GET", SpanKind.CLIENT, base, s.startMs()).setAttribute("http.request.method", "GET")
                    .setAttribute("url.full", "https://" + host(o.model().providers().get(0)) + "/v1/models")
                    .setAttribute("server.address", host(o.model().providers().get(0))).startSpan()
                    .end(base + ms(s.endMs()), TimeUnit.NANOSECONDS);
            }
        }
        if (stageSpan != null) {
            stageSpan.end(base + ms(stageEnd), TimeUnit.NANOSECONDS);
        }
        if (!o.attempts().isEmpty() || o.responseCacheHit()) {
            inference(o, rootCtx, base);
        }
        if (o.status() >= 500) {
            root.setStatus(StatusCode.ERROR, o.errorMessage());
        }
        root.end(base + ms(o.totalMs()), TimeUnit.NANOSECONDS);
        return root;
    }

    private void inference(Outcome o, Context rootCtx, long base) {
        boolean stream = o.request().stream();
        Attempt first = o.attempts().isEmpty() ? null : o.attempts().get(0);
        Attempt win = o.winningAttempt();
        String provider = win != null ? win.provider() : o.provider() != null ? o.provider() : "onerouter";
        String model = o.modelLabel();
        String name = stream ? "stream_completion_" + provider + "_" + model : "unified_handler/" + o.request().model();
        long startMs = first != null ? first.startMs() : o.stages().get(o.stages().size() - 1).startMs();
        long endMs = o.attempts().isEmpty() ? o.totalMs() : o.attempts().get(o.attempts().size() - 1).endMs();
        Span inf = child(rootCtx, name, SpanKind.CLIENT, base, startMs)
            .setAttribute("ai.provider", provider).setAttribute("ai.model", model).setAttribute("ai.request_type", "chat_completion")
            .setAttribute("service.operation", "model_inference").setAttribute("gen_ai.system", stream ? provider : "onerouter")
            .setAttribute("gen_ai.request.model", model).setAttribute("gen_ai.operation.name", "chat_completion")
            .setAttribute("ai.routing.original_model", o.request().model())
            .setAttribute("ai.routing.fallback_used", o.fallbackUsed()).setAttribute("ai.routing.strategy", "priority_failover")
            .setAttribute("ai.cache.hit", o.responseCacheHit()).startSpan();
        if (o.user() != null) {
            inf.setAttribute("user.id", o.user().id());
            inf.setAttribute("customer.id", o.user().id());
            inf.setAttribute("user.tier", o.user().tier());
            inf.setAttribute("user.api_key_hash", Integer.toHexString(o.user().apiKey().hashCode()));
        }
        if (o.request().maxTokens() > 0) {
            inf.setAttribute("gen_ai.request.max_tokens", (long) o.request().maxTokens());
        }
        if (!Double.isNaN(o.request().temperature())) {
            inf.setAttribute("gen_ai.request.temperature", o.request().temperature());
        }
        Context infCtx = rootCtx.with(inf);
        for (Attempt a : o.attempts()) {
            Span call = child(infCtx, "provider_call/" + a.provider(), SpanKind.CLIENT, base, a.startMs())
                .setAttribute("ai.provider", a.provider()).setAttribute("http.url", "https://" + host(a.provider()) + "/v1/chat/completions")
                .setAttribute("service.operation", "provider_api_call")
                .setAttribute("ai.circuit.state", a.breakerState() == null ? "closed" : a.breakerState().label())
                .setAttribute("ai.circuit.failure_count", (long) a.breakerFailures()).startSpan();
            if (a.result().sent()) {
                Context callCtx = infCtx.with(call);
                Span http = child(callCtx, "POST", SpanKind.CLIENT, base, a.startMs())
                    .setAttribute("http.request.method", "POST").setAttribute("url.full", "https://" + host(a.provider()) + "/v1/chat/completions")
                    .setAttribute("server.address", host(a.provider())).setAttribute("peer.service", a.provider())
                    .setAttribute("http.response.status_code", (long) a.result().status())
                    .setAttribute("http.status_code", (long) a.result().status()).startSpan();
                if (!a.success()) {
                    http.setStatus(StatusCode.ERROR);
                }
                http.end(base + ms(a.endMs()), TimeUnit.NANOSECONDS);
                if (a.success()) {
                    String vendor = catalog.model(o.request().model()).map(m -> m.ownedBy()).orElse(a.provider());
                    child(callCtx, vendor + ".chat", SpanKind.CLIENT, base, a.startMs())
                        .setAttribute("gen_ai.system", vendor).setAttribute("gen_ai.request.model", model)
                        .setAttribute("gen_ai.response.model", model)
                        .setAttribute("gen_ai.usage.prompt_tokens", o.inputTokens()).setAttribute("gen_ai.usage.completion_tokens", o.outputTokens())
                        .setAttribute("llm.usage.total_tokens", o.inputTokens() + o.outputTokens())
                        .setAttribute("llm.request.type", "chat").startSpan()
                        .end(base + ms(a.endMs()), TimeUnit.NANOSECONDS);
                }
            }
            if (!a.success()) {
                call.setStatus(StatusCode.ERROR, a.errorMessage());
                call.setAttribute("ai.error.type", a.result().errorType());
                call.setAttribute("error.type", a.result().errorType());
                call.addEvent("exception", Attributes.builder().put("exception.type", a.result().errorType())
                    .put("exception.message", a.errorMessage()).build(), base + ms(a.endMs()), TimeUnit.NANOSECONDS);
            } else {
                call.setStatus(StatusCode.OK);
            }
            call.end(base + ms(a.endMs()), TimeUnit.NANOSECONDS);
        }
        if (stream && win != null) {
            child(infCtx, "stream_processing", SpanKind.INTERNAL, base, o.ttfcMs()).setAttribute("ai.stream.chunks", (long) o.chunks())
                .startSpan().end(base + ms(win.endMs()), TimeUnit.NANOSECONDS);
        }
        long duration = endMs - startMs;
        inf.setAttribute("ai.duration_ms", duration);
        if (o.success()) {
            long in = o.inputTokens();
            long out = o.outputTokens();
            inf.setAttribute("ai.tokens.input", in).setAttribute("ai.tokens.output", out).setAttribute("ai.tokens.total", in + out)
                .setAttribute("gen_ai.usage.input_tokens", in).setAttribute("gen_ai.usage.output_tokens", out)
                .setAttribute("gen_ai.usage.total_tokens", in + out)
                .setAttribute("ai.cost.usd", o.costUsd()).setAttribute("gen_ai.usage.cost", o.costUsd())
                .setAttribute("gen_ai.response.model", model).setAttribute("ai.response.model", model)
                .setAttribute("gen_ai.response.finish_reason", o.finishReason()).setAttribute("gen_ai.response.id", o.id());
            if (win != null) {
                inf.setAttribute("ai.latency.queue_ms", win.startMs()).setAttribute("ai.latency.inference_ms", win.durationMs())
                    .setAttribute("ai.latency.network_ms", 25L);
            }
            inf.setStatus(StatusCode.OK);
        } else {
            inf.setStatus(StatusCode.ERROR, o.errorMessage());
            String msg = o.errorMessage() == null ? "" : o.errorMessage();
            inf.setAttribute("ai.error.type", o.errorType());
            inf.setAttribute("error.type", o.errorType());
            inf.setAttribute("ai.error.message", msg.length() > 500 ? msg.substring(0, 500) : msg);
            inf.addEvent("exception", Attributes.builder().put("exception.type", o.errorType()).put("exception.message", msg).build(),
                base + ms(endMs), TimeUnit.NANOSECONDS);
        }
        inf.end(base + ms(endMs), TimeUnit.NANOSECONDS);
    }

    private SpanBuilder child(Context parent, String name, SpanKind kind, long base, long offsetMs) {
        return tracer.spanBuilder(name).setParent(parent).setSpanKind(kind).setStartTimestamp(base + ms(offsetMs), TimeUnit.NANOSECONDS);
    }

    private String host(String provider) {
        return catalog.hasProvider(provider) ? catalog.provider(provider).host() : provider;
    }

    private static long ms(long millis) {
        return millis * 1_000_000L;
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
