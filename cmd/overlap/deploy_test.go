package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// compose is the part of docker-compose.yml the checks below read.
type compose struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Build       string            `yaml:"build"`
		Environment map[string]string `yaml:"environment"`
		Ports       []string          `yaml:"ports"`
		DependsOn   map[string]any    `yaml:"depends_on"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

var substitution = regexp.MustCompile(`\$\{([A-Z_]+)(:[-?][^}]*)?\}`)

// TestDockerCompose checks docker-compose.yml without Docker: it parses, its
// settings come from .env (documented in .env.example), no secret is written
// in it, and OVERLAP_PUBLIC_URL must be set.
func TestDockerCompose(t *testing.T) {
	raw, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c compose
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	app, db := c.Services["overlap"], c.Services["db"]
	if app.Build != "." || db.Image == "" || app.DependsOn["db"] == nil || len(app.Ports) != 1 {
		t.Fatalf("services: %+v", c.Services)
	}
	if got := app.Environment["OVERLAP_PUBLIC_URL"]; got != "${OVERLAP_PUBLIC_URL:?set OVERLAP_PUBLIC_URL in .env}" {
		t.Errorf("OVERLAP_PUBLIC_URL = %q: it must be required from .env", got)
	}
	for _, secret := range []string{db.Environment["POSTGRES_PASSWORD"], app.Environment["DATABASE_URL"], app.Environment["OVERLAP_BOOTSTRAP_TOKEN"], app.Environment["OVERLAP_METRICS_TOKEN"]} {
		if !substitution.MatchString(secret) || strings.Contains(secret, "overlap:overlap@") || strings.Contains(secret, "change-me") {
			t.Errorf("a secret is written in docker-compose.yml: %q", secret)
		}
	}
	// Every OVERLAP_ setting is one the binary reads.
	config, err := os.ReadFile("config.go")
	if err != nil {
		t.Fatal(err)
	}
	for k := range app.Environment {
		if strings.HasPrefix(k, "OVERLAP_") && !strings.Contains(string(config), `"`+k+`"`) {
			t.Errorf("docker-compose.yml sets %s, which overlap does not read", k)
		}
	}
	// Every variable substituted is documented in .env.example, and there
	// is no .env in the repository.
	example, err := os.ReadFile("../../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for _, line := range strings.Split(string(example), "\n") {
		if k, _, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			documented = append(documented, k)
		}
	}
	for _, m := range substitution.FindAllStringSubmatch(string(raw), -1) {
		if !slices.Contains(documented, m[1]) {
			t.Errorf("${%s} is not in .env.example", m[1])
		}
	}
	if _, err := os.Stat("../../.env"); err == nil {
		t.Error(".env is in the repository")
	}
}

// TestDockerfile checks what Docker would only show at run time: /data exists
// and belongs to the runtime user, and the health check uses the binary.
func TestDockerfile(t *testing.T) {
	raw, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	d := string(raw)
	for _, want := range []string{
		"RUN mkdir -p /out/data",
		"COPY --from=build --chown=65532:65532 /out/data /data",
		"ENV OVERLAP_ADDR=:8080 OVERLAP_DATA_DIR=/data",
		"VOLUME /data",
		"USER nonroot",
		`CMD ["/usr/local/bin/overlap", "healthcheck"]`,
		"FROM gcr.io/distroless/static-debian12:nonroot",
	} {
		if !strings.Contains(d, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if strings.Index(d, "COPY --from=build --chown=65532:65532 /out/data /data") > strings.Index(d, "VOLUME /data") {
		t.Error("/data must be created before VOLUME declares it")
	}
}
