/**
 * log-store engine: plain Java, no Spring (enforced by the build). {@code storage} is the seam
 * between ingest and query ({@code LogStorage}, {@code LogAppender}, {@code LogQuerier}); LogQL
 * reads only through it.
 */
package ai.gatewayz.obs.logs;
