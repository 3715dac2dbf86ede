/** alert-router engine: plain Java, no Spring (enforced by the build). */
package ai.gatewayz.obs.alerts;
