# Build a static binary (the SQLite driver is pure Go, so CGO is not needed).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/overlap ./cmd/overlap
# The SQLite directory: distroless has no shell to create it, so it is made
# here and copied in, owned by the runtime user (nonroot, 65532).
RUN mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/overlap /usr/local/bin/overlap
COPY --from=build --chown=65532:65532 /out/data /data
ENV OVERLAP_ADDR=:8080 OVERLAP_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
USER nonroot
# No shell or curl in the image: the binary checks GET /readyz itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/overlap", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/overlap"]
CMD ["serve"]
