package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// Sender hands one message to a gateway; an error means it was not accepted.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Log is the development sender: every message goes to the server's log, where `make run`
// shows the one-time codes.
type Log struct{ Log *slog.Logger }

// Send logs the message.
func (l Log) Send(_ context.Context, m Message) error {
	l.Log.Info("notify", "id", m.ID, "to", m.To, "template", m.Template, "text", m.Text, "site", m.Site)
	return nil
}

// Webhook POSTs each message as JSON to URL with the header X-Luot-Signature:
// sha256=<hex HMAC-SHA256 of the body with Secret>. Only a 2xx answer within Timeout
// (default 5 s) accepts a message.
type Webhook struct {
	URL     string
	Secret  string
	Client  *http.Client
	Timeout time.Duration
}

// Signature returns the X-Luot-Signature value of body.
func Signature(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Send posts the message.
func (w Webhook) Send(ctx context.Context, m Message) error {
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	timeout := w.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Luot-Signature", Signature(w.Secret, body))
	client := w.Client
	if client == nil {
		client = http.DefaultClient
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("gateway answered %d", res.StatusCode)
	}
	return nil
}
