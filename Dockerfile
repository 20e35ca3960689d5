# syntax=docker/dockerfile:1
# Images of this repository, all from one build of the reactor:
#   a service:        docker build --build-arg MODULE=payment-service .
#   the provisioner:  docker build --target provisioner .
#   the tokens tool:  docker build --target tokens .
# docker-compose.yml builds each of them.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace
COPY . .
# The npm emulator is only for tests and the local demo; compose runs LocalStack.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q package -DskipTests -Demulator.install.skip=true \
 && ./mvnw -B -q -pl infra/provisioner dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory=target/dependency

# The provisioner module alone: the test support (emulators, Testcontainers, embedded
# PostgreSQL) stays out of this image.
FROM eclipse-temurin:17-jre AS provisioner
ARG VERSION=0.1.0-SNAPSHOT
WORKDIR /app
COPY --from=build /workspace/infra/provisioner/target/provisioner-${VERSION}.jar provisioner.jar
COPY --from=build /workspace/infra/provisioner/target/dependency lib
COPY infra/topology.json topology.json
USER 10001
ENTRYPOINT ["java", "-cp", "/app/provisioner.jar:/app/lib/*", "io.bookingdemo.infra.topology.Provisioner", "--topology", "/app/topology.json"]

# The local identity provider (DemoTokens): the signing key pair and tokens for Compose.
# It needs nothing but the JDK, so the local-runtime jar runs without its dependencies.
FROM eclipse-temurin:17-jre AS tokens
ARG VERSION=0.1.0-SNAPSHOT
WORKDIR /app
COPY --from=build /workspace/local-runtime/target/local-runtime-${VERSION}.jar tokens.jar
# Compose mounts empty volumes here; they take this ownership, so the tool can write them.
RUN mkdir /keys /public && chown 10001 /keys /public
USER 10001
ENTRYPOINT ["java", "-cp", "/app/tokens.jar", "io.bookingdemo.local.DemoTokens"]

FROM eclipse-temurin:17-jre AS service
# curl answers the compose healthcheck.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
# The certificate authorities of Amazon RDS, fetched at build time: on AWS the JDBC URL
# verifies the database's certificate and host name against them (sslmode=verify-full).
ADD --chmod=444 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /app/certs/rds-global-bundle.pem
ARG MODULE
ARG VERSION=0.1.0-SNAPSHOT
WORKDIR /app
COPY --from=build /workspace/${MODULE}/target/${MODULE}-${VERSION}.jar app.jar
USER 10001
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
