# syntax=docker/dockerfile:1
# A k6 image with the extensions eventload's scenario bundles import, and the bundles themselves.
#
#   npm run build && docker build -f k6.Dockerfile -t eventload-k6 .
#   docker run --rm --network host -e RUN_ID=run-1 eventload-k6 /scenarios/smoke.js
#
# Versions must fit together: one binary holds extensions of one k6 major only, and xk6-kafka has
# no release for k6 v2 yet, so this pins the k6 v1 line: k6 v1.7.1 + xk6-sql v1.0.6 +
# xk6-sql-driver-postgres v0.1.2 + xk6-kafka/v2 v2.1.0 (docs/scenarios.md, "k6 image").
# build/extensions.ts holds the same pins; test/build/dockerfile.test.ts keeps them in step.

ARG XK6_IMAGE=grafana/xk6:1.4.11
ARG K6_VERSION=v1.7.1

FROM ${XK6_IMAGE} AS build
ARG K6_VERSION
# xk6-kafka v2 links librdkafka through confluent-kafka-go: CGO on (xk6 defaults to off).
ENV CGO_ENABLED=1
RUN xk6 build ${K6_VERSION} \
      --with github.com/grafana/xk6-sql@v1.0.6 \
      --with github.com/grafana/xk6-sql-driver-postgres@v0.1.2 \
      --with github.com/mostafa/xk6-kafka/v2@v2.1.0 \
      --output /tmp/k6

# glibc runtime: the CGO binary does not start on Alpine/musl (the official grafana/k6 image).
FROM ubuntu:24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates librdkafka1 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 12345 --create-home k6
COPY --from=build /tmp/k6 /usr/bin/k6
COPY dist/k6/ /scenarios/
RUN ["k6", "version"]
USER 12345
WORKDIR /home/k6
ENTRYPOINT ["k6", "run"]
