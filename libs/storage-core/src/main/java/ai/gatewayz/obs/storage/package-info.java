/** Bytes and integers only: WAL segments, chunk encodings, index structures, io. Never mentions samples, lines or spans. */
package ai.gatewayz.obs.storage;
