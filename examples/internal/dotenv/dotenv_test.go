package dotenv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	if err := os.WriteFile(path, []byte("A=from-file\nB=file-only\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"A": "from-env"}
	get, err := Lookup(path, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"A": "from-env", "B": "file-only", "C": ""} {
		if got := get(key); got != want {
			t.Errorf("get(%q) = %q, want %q", key, got, want)
		}
	}

	get, err = Lookup(filepath.Join(dir, "missing"), func(string) (string, bool) { return "", false })
	if err != nil || get("A") != "" {
		t.Errorf("missing file: err = %v, get(A) = %q; want no error and nothing", err, get("A"))
	}
}

func TestLookupParseErrorHidesTheLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	const secret = "s3cretValueThatMustNotLeak"
	if err := os.WriteFile(path, []byte("TWILIO_API_SECRET "+secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Lookup(path, func(string) (string, bool) { return "", false })
	if err == nil {
		t.Fatal("a malformed file was accepted")
	}
	if strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), path) {
		t.Errorf("error = %q; want the file name and not the line", err)
	}
}
