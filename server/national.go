package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/bcrypt"

	"luot/config"
	"luot/server/loadgen"
	"luot/server/queue"
	"luot/server/store"
)

// nationalOfficers is the setup of a national run (`luot loadgen -national-setup`): one
// officer per counter of org (loadgen.NationalOfficer names them), each with a login
// session, written straight into the store as `luot user` writes a user. Over the API each
// officer costs two bcrypt hashes (create, login): for 15,000 counters some 20 minutes of
// both CPUs. Here the officers share one hash, of a random 192-bit password nobody keeps
// (nobody logs in with it: each has its session, made as a login makes it); a password that
// cannot be guessed needs no slow hash, so it is bcrypt's cheapest.
// It returns "site/counter" → the officer's bearer token.
func nationalOfficers(ctx context.Context, st *store.Store, org *config.Org, settings config.Settings) (map[string]string, error) {
	hash, err := bcrypt.GenerateFromPassword([]byte(randomToken()), bcrypt.MinCost)
	if err != nil {
		return nil, err
	}
	type job struct{ site, counter string }
	var jobs []job
	for _, s := range org.Sites {
		for _, c := range s.Counters {
			jobs = append(jobs, job{s.ID, c.ID})
		}
	}
	tokens := make([]string, len(jobs))
	var next atomic.Int64
	var first error
	var once sync.Once
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				j := jobs[i]
				u := store.User{Username: loadgen.NationalOfficer(j.site, j.counter), FullName: "Cán bộ " + j.counter + " " + j.site,
					Role: queue.RoleOfficer, Sites: []string{j.site}, Hash: string(hash), Gen: randomToken()}
				tokens[i] = randomToken()
				err := st.PutUser(ctx, u) // with its generation, which the session carries
				if err == nil {
					err = st.NewSession(ctx, tokens[i], &u, randomToken(), settings.SessionTTL)
				}
				if err != nil {
					once.Do(func() { first = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return nil, fmt.Errorf("national setup: %w", first)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(jobs))
	for i, j := range jobs {
		out[j.site+"/"+j.counter] = tokens[i]
	}
	return out, nil
}

func randomToken() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// writeOfficers writes the officers' tokens, a line "site counter token" each, readable by
// its owner only (they are bearer tokens).
func writeOfficers(path string, tokens map[string]string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for key, tok := range tokens {
		site, counter, _ := strings.Cut(key, "/")
		fmt.Fprintf(w, "%s %s %s\n", site, counter, tok)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readOfficers reads what writeOfficers wrote.
func readOfficers(r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if len(f) != 3 {
			return nil, fmt.Errorf("line %d: want \"site counter token\"", line)
		}
		out[f[0]+"/"+f[1]] = f[2]
	}
	return out, sc.Err()
}
