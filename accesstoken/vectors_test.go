package accesstoken_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/twiliotoken/twiliotoken/accesstoken"
	"github.com/twiliotoken/twiliotoken/grants"
)

// Fake credentials shared by the tests of this package. They are the ones
// the Node vectors were minted with.
const (
	tkAccount = "AC0123456789abcdef0123456789abcdef"
	tkKey     = "SKfedcba9876543210fedcba9876543210"
	tkSecret  = "abcdefghijklmnopqrstuvwxyz012345"
	tkNow     = 1700000000 // unix seconds of tkClock
)

// tkClock returns a clock stopped at unix second sec.
func tkClock(sec int64) func() time.Time {
	return func() time.Time { return time.Unix(sec, 0) }
}

// mintVector is one entry of testdata/twilio-node-6.2.0.json: the inputs
// Twilio's Node helper 6.2.0 was given, with its clock fixed at inputs.now,
// the token it minted, and that token's decoded header and payload.
type mintVector struct {
	Name    string         `json:"name"`
	Inputs  mintInputs     `json:"inputs"`
	Token   string         `json:"token"`
	Header  map[string]any `json:"header"`
	Payload map[string]any `json:"payload"`
}

type mintInputs struct {
	Name     string          `json:"name"`
	Now      int64           `json:"now"`
	Account  string          `json:"account"`
	Key      string          `json:"key"`
	Secret   string          `json:"secret"`
	Identity string          `json:"identity"`
	TTL      *int64          `json:"ttl"`
	NBF      *int64          `json:"nbf"`
	Region   *string         `json:"region"`
	Grants   []mintGrantSpec `json:"grants"`
}

// mintGrantSpec holds every option name the Node helper's grant classes take.
// Decoding with DisallowUnknownFields makes a vector with an option this
// test does not map fail loudly instead of being minted without it.
type mintGrantSpec struct {
	Type                      string          `json:"type"`
	IncomingAllow             bool            `json:"incomingAllow"`
	OutgoingApplicationSID    string          `json:"outgoingApplicationSid"`
	OutgoingApplicationParams map[string]any  `json:"outgoingApplicationParams"`
	PushCredentialSID         string          `json:"pushCredentialSid"`
	EndpointID                string          `json:"endpointId"`
	Room                      string          `json:"room"`
	ServiceSID                string          `json:"serviceSid"`
	DeploymentRoleSID         string          `json:"deploymentRoleSid"`
	WorkspaceSID              string          `json:"workspaceSid"`
	WorkerSID                 string          `json:"workerSid"`
	Role                      string          `json:"role"`
	Grant                     json.RawMessage `json:"grant"`
}

// typed maps a Node grant to this module's grant type.
func (g mintGrantSpec) typed(t *testing.T) grants.Grant {
	t.Helper()
	switch g.Type {
	case "voice":
		return grants.Voice{
			IncomingAllow:             g.IncomingAllow,
			OutgoingApplicationSID:    g.OutgoingApplicationSID,
			OutgoingApplicationParams: g.OutgoingApplicationParams,
			PushCredentialSID:         g.PushCredentialSID,
			EndpointID:                g.EndpointID,
		}
	case "video":
		return grants.Video{Room: g.Room}
	case "chat":
		return grants.Chat{
			ServiceSID:        g.ServiceSID,
			EndpointID:        g.EndpointID,
			DeploymentRoleSID: g.DeploymentRoleSID,
			PushCredentialSID: g.PushCredentialSID,
		}
	case "sync":
		return grants.Sync{ServiceSID: g.ServiceSID, EndpointID: g.EndpointID}
	case "taskrouter":
		return grants.TaskRouter{
			WorkspaceSID: g.WorkspaceSID,
			WorkerSID:    g.WorkerSID,
			Role:         g.Role,
		}
	case "playback":
		return grants.Playback{Grant: g.Grant}
	}
	t.Fatalf("vector grant type %q has no mapping", g.Type)
	return nil
}

// options returns the token options of the vector's inputs: its clock and,
// only when the vector sets them, TTL, nbf and region.
func (in mintInputs) options() []accesstoken.Option {
	opts := []accesstoken.Option{accesstoken.WithClock(tkClock(in.Now))}
	if in.TTL != nil {
		opts = append(opts, accesstoken.WithTTL(time.Duration(*in.TTL)*time.Second))
	}
	if in.NBF != nil {
		opts = append(opts, accesstoken.WithNotBefore(time.Unix(*in.NBF, 0)))
	}
	if in.Region != nil {
		opts = append(opts, accesstoken.WithRegion(*in.Region))
	}
	return opts
}

func (in mintInputs) typedGrants(t *testing.T) []grants.Grant {
	gs := make([]grants.Grant, len(in.Grants))
	for i, g := range in.Grants {
		gs[i] = g.typed(t)
	}
	return gs
}

func loadMintVectors(t *testing.T) []mintVector {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "twilio-node-6.2.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var vs []mintVector
	if err := dec.Decode(&vs); err != nil {
		t.Fatalf("decoding vectors: %v", err)
	}
	if len(vs) == 0 {
		t.Fatal("no vectors in the file")
	}
	return vs
}

// decodeJWTParts decodes the header and payload of a compact JWT.
func decodeJWTParts(t *testing.T, tok string) (header, payload map[string]any) {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q has %d parts, want 3", tok, len(parts))
	}
	decode := func(part string) map[string]any {
		raw, err := base64.RawURLEncoding.DecodeString(part)
		if err != nil {
			t.Fatalf("decoding %q: %v", part, err)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("decoding %s: %v", raw, err)
		}
		return m
	}
	return decode(parts[0]), decode(parts[1])
}

func TestNodeVectors(t *testing.T) {
	for _, v := range loadMintVectors(t) {
		in := v.Inputs
		mints := []struct {
			name string
			mint func(t *testing.T) (string, error)
		}{
			{"New", func(t *testing.T) (string, error) {
				tok := accesstoken.New(in.Account, in.Key, in.Secret,
					append(in.options(), accesstoken.WithIdentity(in.Identity))...)
				for _, g := range in.typedGrants(t) {
					tok.AddGrant(g)
				}
				return tok.ToJWT()
			}},
			{"Minter.Mint", func(t *testing.T) (string, error) {
				m, err := accesstoken.NewMinter(in.Account, in.Key, in.Secret,
					in.options()...)
				if err != nil {
					t.Fatalf("NewMinter: %v", err)
				}
				return m.Mint(in.Identity, in.typedGrants(t)...)
			}},
			{"Minter.New", func(t *testing.T) (string, error) {
				// Options per token rather than as the Minter's defaults.
				m, err := accesstoken.NewMinter(in.Account, in.Key, in.Secret)
				if err != nil {
					t.Fatalf("NewMinter: %v", err)
				}
				tok := m.New(append(in.options(), accesstoken.WithIdentity(in.Identity))...)
				for _, g := range in.typedGrants(t) {
					tok.AddGrant(g)
				}
				return tok.ToJWT()
			}},
		}
		for _, mc := range mints {
			t.Run(v.Name+"/"+mc.name, func(t *testing.T) {
				got, err := mc.mint(t)
				if err != nil {
					t.Fatalf("minting: %v", err)
				}
				header, payload := decodeJWTParts(t, got)
				if diff := cmp.Diff(v.Header, header); diff != "" {
					t.Errorf("header mismatch (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(v.Payload, payload); diff != "" {
					t.Errorf("payload mismatch (-want +got):\n%s", diff)
				}
				if got != v.Token {
					t.Errorf("token differs from Node's byte for byte\ngot:  %s\nwant: %s",
						got, v.Token)
				}
			})
		}
	}
}

// TestNodeVectorsSelfConsistent checks the vector file itself: its header and
// payload are what its token decodes to, so that the comparisons above
// compare against the token Node minted and not against a stale copy.
func TestNodeVectorsSelfConsistent(t *testing.T) {
	for _, v := range loadMintVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			header, payload := decodeJWTParts(t, v.Token)
			if diff := cmp.Diff(v.Header, header); diff != "" {
				t.Errorf("header mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(v.Payload, payload); diff != "" {
				t.Errorf("payload mismatch (-want +got):\n%s", diff)
			}
			if v.Inputs.Name != v.Name {
				t.Errorf("inputs.name = %q, want %q", v.Inputs.Name, v.Name)
			}
		})
	}
}
