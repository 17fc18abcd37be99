package accesstoken_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twiliotoken/twiliotoken/accesstoken"
	"github.com/twiliotoken/twiliotoken/grants"
)

const (
	raceGoroutines = 32
	racePerG       = 20
)

// raceClock is a clock safe for concurrent use that advances one second
// every time it is read, so that concurrent tokens differ.
func raceClock() func() time.Time {
	var n atomic.Int64
	return func() time.Time { return time.Unix(tkNow+n.Add(1), 0) }
}

// raceCollect runs mint from many goroutines at once and returns every token
// with the identity it was minted for. Verification happens afterwards on
// the test goroutine, since t.Fatal must not be called from others.
func raceCollect(t *testing.T,
	mint func(g, i int) (tok, identity string, err error)) map[string]string {
	t.Helper()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		toks  = map[string]string{}
		errs  []error
		start = make(chan struct{})
	)
	for g := range raceGoroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range racePerG {
				tok, id, err := mint(g, i)
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else {
					toks[tok] = id
				}
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d mints failed; first: %v", len(errs), errs[0])
	}
	return toks
}

func TestMinterConcurrent(t *testing.T) {
	m, err := accesstoken.NewMinter(tkAccount, tkKey, tkSecret,
		accesstoken.WithClock(raceClock()), accesstoken.WithUniqueJTI())
	if err != nil {
		t.Fatal(err)
	}
	toks := raceCollect(t, func(g, i int) (string, string, error) {
		id := fmt.Sprintf("user_%d_%d", g, i)
		var tok string
		var err error
		if i%2 == 0 {
			tok, err = m.Mint(id, grants.Voice{IncomingAllow: true},
				grants.Sync{ServiceSID: tkSyncSID})
		} else {
			tok, err = m.New(accesstoken.WithIdentity(id)).
				AddGrant(grants.Video{Room: id}).ToJWT()
		}
		return tok, id, err
	})
	if got, want := len(toks), raceGoroutines*racePerG; got != want {
		t.Fatalf("got %d distinct tokens, want %d", got, want)
	}
	for tok, id := range toks {
		c := joseVerify(t, tok, tkSecret)
		if got := c.Grants["identity"]; got != id {
			t.Errorf("token for %s carries identity %v: buffers shared between goroutines?",
				id, got)
		}
		if c.Issuer != tkKey || c.Subject != tkAccount {
			t.Errorf("iss, sub = %s, %s", c.Issuer, c.Subject)
		}
	}
}

func TestTokenToJWTConcurrent(t *testing.T) {
	m, err := accesstoken.NewMinter(tkAccount, tkKey, tkSecret)
	if err != nil {
		t.Fatal(err)
	}
	built := map[string]*accesstoken.Token{
		"New": accesstoken.New(tkAccount, tkKey, tkSecret,
			accesstoken.WithClock(raceClock()), accesstoken.WithIdentity("alice"),
			accesstoken.WithRegion("ie1")),
		"Minter.New": m.New(accesstoken.WithClock(raceClock()),
			accesstoken.WithIdentity("alice")),
	}
	for via, tok := range built {
		t.Run(via, func(t *testing.T) {
			tok.AddGrant(grants.Voice{OutgoingApplicationSID: "AP00112233445566778899aabbccddeeff",
				OutgoingApplicationParams: map[string]any{"k": "v"}}).
				AddGrant(grants.Chat{ServiceSID: tkSyncSID})
			toks := raceCollect(t, func(g, i int) (string, string, error) {
				if i%5 == 0 { // read-only methods may run alongside ToJWT
					_ = tok.Warnings()
					_ = tok.String()
				}
				s, err := tok.ToJWT()
				return s, "alice", err
			})
			if got, want := len(toks), raceGoroutines*racePerG; got != want {
				t.Fatalf("got %d distinct tokens, want %d (each read of the clock "+
					"advances it)", got, want)
			}
			for s := range toks {
				c := joseVerify(t, s, tkSecret)
				if c.Grants["identity"] != "alice" || c.Grants["chat"] == nil ||
					c.Grants["voice"] == nil {
					t.Errorf("grants = %v", c.Grants)
				}
			}
		})
	}
}
