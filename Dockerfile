# Mosaic in a container. Not exercised by CI: the build machines have no Docker engine.
FROM swift:6.1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev zlib1g-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product mosaic --static-swift-stdlib

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 zlib1g ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/.build/release/mosaic /usr/local/bin/mosaic
COPY migrations /opt/mosaic/migrations
COPY config /opt/mosaic/config
WORKDIR /opt/mosaic
ENV MOSAIC_HOST=0.0.0.0 MOSAIC_MIGRATIONS_DIR=/opt/mosaic/migrations
EXPOSE 8080
ENTRYPOINT ["mosaic"]
CMD ["serve"]
