// Package notify sends messages to citizens (one-time codes, booking confirmations,
// reminders, "your turn is near") through an outbox in Redis: Enqueue writes a message to a
// stream and returns at once, so no queue transition ever waits for a gateway; a Worker reads
// the stream and delivers through a Sender (the server's log, or a webhook to the province's
// SMS or Zalo gateway), retrying with backoff for an hour, and never delivers one id twice
// once the gateway has accepted it.
package notify

import (
	"strings"
	"time"
)

// The templates of api.md ("Notifications").
const (
	OTP              = "otp"
	BookingConfirmed = "booking_confirmed"
	BookingReminder  = "booking_reminder"
	BookingCancelled = "booking_cancelled"
	TurnNear         = "turn_near"
	Called           = "called"
)

// Message is one message to one phone, as the webhook receives it.
type Message struct {
	ID       string            `json:"id"`
	To       string            `json:"to"`
	Template string            `json:"template"`
	Text     string            `json:"text"`
	Vars     map[string]string `json:"vars"`
	Site     string            `json:"site"`
	At       string            `json:"at"`
}

// texts are the Vietnamese texts of the templates, {var} replaced by Vars.
var texts = map[string]string{
	OTP:              "Mã xác nhận Lượt: {code}. Có hiệu lực 5 phút.",
	BookingConfirmed: "Lượt: quý vị đã đặt lịch {service} tại {site} lúc {start} ngày {date}. Mã nhận số: {code}.",
	BookingReminder:  "Lượt: nhắc lịch hẹn {service} tại {site} lúc {start} hôm nay. Mã nhận số: {code}.",
	BookingCancelled: "Lượt: lịch hẹn {service} tại {site} lúc {start} ngày {date} đã bị hủy.",
	TurnNear:         "Lượt: số {number} của quý vị sắp đến lượt (còn {ahead} người phía trước). Xin quý vị có mặt tại {site}.",
	Called:           "Lượt: mời quý vị có số {number} đến quầy số {counter}.",
}

// Text renders a template with its variables.
func Text(template string, vars map[string]string) string {
	s := texts[template]
	for k, v := range vars {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// New builds a message of a template; id must be unique per message and the same for a
// message that is enqueued again (a retry of its cause), which is then sent once.
func New(id, to, template, site string, vars map[string]string, at time.Time) Message {
	return Message{ID: id, To: to, Template: template, Text: Text(template, vars), Vars: vars, Site: site,
		At: at.Format(time.RFC3339)}
}
