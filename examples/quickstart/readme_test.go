package main

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeQuickStart keeps the README's quick start compiling: the code
// block there must be this package's main.go, from its package clause on.
func TestReadmeQuickStart(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	code := string(src[strings.Index(string(src), "package main"):])
	if !strings.Contains(string(readme), "```go\n"+code+"```\n") {
		t.Errorf("README.md does not contain main.go's code in a go block:\n%s", code)
	}
}
