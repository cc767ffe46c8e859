// Package overlap holds what belongs to the repository as a whole: the
// OpenAPI contract, embedded so the binary serves the spec it was built with.
package overlap

import _ "embed"

// OpenAPI is the contents of openapi.yaml.
//
//go:embed openapi.yaml
var OpenAPI []byte
