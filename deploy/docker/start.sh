#!/bin/sh
# Starts one service of the suite inside the image: the first argument or $SERVICE names it.
set -eu
service="${1:-${SERVICE:-}}"
case "$service" in
  metrics-store|log-store|trace-store|profile-store|alert-router|json-api-proxy|gateway-sim) ;;
  *)
    echo "usage: start.sh <metrics-store|log-store|trace-store|profile-store|alert-router|json-api-proxy|gateway-sim>" >&2
    echo "       (or set SERVICE); got '${service}'" >&2
    exit 64
    ;;
esac
# Built-in configuration files in the original formats, unless the deployment brings its own.
if [ -z "${CONFIG_FILE:-}" ]; then
  case "$service" in
    metrics-store) CONFIG_FILE="${APP_DIR:-/app}/config/prometheus/prometheus.yml" ;;
    alert-router) CONFIG_FILE="${APP_DIR:-/app}/config/alertmanager/alertmanager.yml" ;;
  esac
  [ -n "${CONFIG_FILE:-}" ] && export CONFIG_FILE
fi
# The bundled LogQL recording rules (deploy/log-rules) are written into log-store's rule directory at start.
if [ "$service" = log-store ] && [ -z "${LOG_RULER_SEED_DIRECTORY:-}" ]; then
  export LOG_RULER_SEED_DIRECTORY="${APP_DIR:-/app}/config/log-rules"
fi
app="${APP_DIR:-/app}"
# In the image (compose, Railway) services listen on every interface, IPv4 and IPv6 (Railway's
# private network is IPv6): the tokens are what keeps the data private.
if [ -z "${AUTH_INGEST_TOKENS:-}" ] || [ -z "${AUTH_QUERY_TOKENS:-}" ]; then
  echo "start.sh: warning: AUTH_INGEST_TOKENS or AUTH_QUERY_TOKENS is empty: $service answers unauthenticated requests on every interface" >&2
fi
# With the image's ahead-of-time cache (see deploy/aot-cache.sh) the JVM starts from classes that are
# already loaded and linked; JAVA_TOOL_OPTIONS is the same at training and run time, as the cache needs.
if [ -s "$app/$service/app.aot" ]; then
  exec java -XX:AOTCache="$app/$service/app.aot" -jar "$app/$service/$service.jar"
fi
exec java -jar "$app/${service}.jar"
