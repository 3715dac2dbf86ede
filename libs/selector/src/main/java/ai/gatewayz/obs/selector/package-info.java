/**
 * The suite's one parser for Prometheus-style label selectors ({@code metric{a="b", c!="d",
 * e=~"x", f!~"y"}}), with Prometheus's {@code line:col: parse error: reason} messages. Plain Java,
 * used by every store whose query language embeds such a selector (profile-store's label selectors
 * today; PromQL, LogQL and TraceQL-adjacent code may adopt it).
 */
package ai.gatewayz.obs.selector;
