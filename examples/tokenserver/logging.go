package main

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// requestInfo is what a handler tells the request log about a request.
type requestInfo struct {
	identity string
}

type requestInfoKey struct{}

// requestInfoOf returns the request's requestInfo, or a throwaway one for
// a request that did not come through logRequests.
func requestInfoOf(r *http.Request) *requestInfo {
	if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
		return info
	}
	return &requestInfo{}
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests sets Cache-Control: no-store on every response, since tokens
// must not be cached anywhere, and logs one line per request.
//
// The line holds the route pattern, not the path, and never the query or
// a header: what a client sends there is not for the log. Handlers add the
// identity of a user who was given a token, which is not a secret.
func (s *server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{}
		r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info))
		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set("Cache-Control", "no-store")

		next.ServeHTTP(sw, r)

		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		}
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("route", r.Pattern),
			slog.Int("status", sw.status),
			slog.Duration("latency", time.Since(start)),
			slog.Int("bytes", sw.bytes),
			slog.String("remote", r.RemoteAddr),
		}
		if info.identity != "" {
			attrs = append(attrs, slog.String("identity", info.identity))
		}
		s.log.LogAttrs(r.Context(), level, "request", attrs...)
	})
}
