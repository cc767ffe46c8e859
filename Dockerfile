# Build a static binary (the SQLite driver is pure Go, so CGO is not needed).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/overlap ./cmd/overlap

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/overlap /usr/local/bin/overlap
ENV OVERLAP_ADDR=:8080 OVERLAP_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/usr/local/bin/overlap"]
CMD ["serve"]
