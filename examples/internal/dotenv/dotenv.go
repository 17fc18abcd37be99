// Package dotenv reads settings the way the example programs do: from the
// environment first, then from a .env file.
package dotenv

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/joho/godotenv"
)

// Lookup returns a function that reads a setting from lookupEnv, or, when
// the environment does not have it, from the .env file at path. A missing
// file is not an error. A file that does not parse is reported by name
// only: godotenv's message quotes the offending line, which may hold a
// secret.
func Lookup(path string, lookupEnv func(string) (string, bool)) (func(string) string, error) {
	file, err := godotenv.Read(path)
	var pathErr *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case errors.As(err, &pathErr):
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("cannot parse %s: it is not a valid .env file", path)
	}
	return func(key string) string {
		if v, ok := lookupEnv(key); ok {
			return v
		}
		return file[key]
	}, nil
}
