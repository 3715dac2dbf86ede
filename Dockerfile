# One image for every service of the suite. The build stage compiles the whole reactor once
# (BuildKit caches it across the seven services of docker-compose.yml); the runtime stage holds
# the service jars and starts the one named by SERVICE (or the first argument).
#
#   docker build -t gatewayz-obs .
#   docker run -e SERVICE=metrics-store -p 9090:9090 -v metrics:/data gatewayz-obs

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY libs/ libs/
COPY metrics-store/ metrics-store/
COPY log-store/ log-store/
COPY trace-store/ trace-store/
COPY profile-store/ profile-store/
COPY alert-router/ alert-router/
COPY gateway-sim/ gateway-sim/
COPY json-api-proxy/ json-api-proxy/
COPY benchmarks/ benchmarks/
COPY e2e/ e2e/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests \
      -pl metrics-store/server,log-store/server,trace-store/server,profile-store/server,alert-router/server,json-api-proxy,gateway-sim -am \
      package \
 && mkdir -p /out \
 && cp metrics-store/server/target/metrics-store.jar log-store/server/target/log-store.jar \
       trace-store/server/target/trace-store.jar profile-store/server/target/profile-store.jar \
       alert-router/server/target/alert-router.jar json-api-proxy/target/json-api-proxy.jar \
       gateway-sim/target/gateway-sim.jar /out/

FROM eclipse-temurin:25-jre
RUN groupadd --system suite && useradd --system --gid suite --home-dir /app suite \
 && mkdir -p /data /app && chown suite:suite /data
WORKDIR /app
COPY --from=build /out/ /app/
COPY deploy/docker/start.sh /app/start.sh
COPY deploy/aot-cache.sh /app/aot-cache.sh
# Ahead-of-time cache per service (JDK 25): each service is started once here, in the runtime image
# and with the runtime's JAVA_TOOL_OPTIONS, so that its classes are stored loaded and linked; it
# then starts about twice as fast. --build-arg AOT_CACHE=false keeps the image ~0.5 GB smaller.
ARG AOT_CACHE=true
COPY deploy/alertmanager/ /app/config/alertmanager/
COPY deploy/prometheus/ /app/config/prometheus/
COPY deploy/rules/ /app/config/rules/
COPY deploy/log-rules/ /app/config/log-rules/
ENV DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-Xms16m -XX:MaxRAMPercentage=70 -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xss512k -XX:+ExitOnOutOfMemoryError"
RUN if [ "$AOT_CACHE" = true ]; then \
      for s in metrics-store log-store trace-store profile-store alert-router json-api-proxy gateway-sim; do \
        /app/aot-cache.sh "/app/$s.jar" "/app/$s" && rm "/app/$s.jar" || exit 1; \
      done; \
    fi
USER suite
VOLUME ["/data"]
ENTRYPOINT ["/app/start.sh"]
