package queue

import (
	"errors"
	"time"
)

// Kind is one of the contract's error codes (api.md): its HTTP status and its message in
// Vietnamese and English. The kinds are the domain's sentinel errors; everything else wraps
// them with context (fmt.Errorf("…: %w", err)) or refines them with a Reason.
type Kind struct {
	Code   string
	Status int
	VI, EN string
	text   string // Error(): a short English phrase for logs
}

func (k *Kind) Error() string { return k.text }

// The sentinel errors of the domain, each declared once with its code, status and messages.
var (
	ErrBadRequest    = &Kind{"bad_request", 400, "Yêu cầu không hợp lệ", "Bad request", "bad request"}
	ErrUnauthorized  = &Kind{"unauthorized", 401, "Vui lòng đăng nhập", "Please sign in", "unauthorized"}
	ErrForbidden     = &Kind{"forbidden", 403, "Bạn không có quyền thực hiện thao tác này", "You may not do this", "forbidden"}
	ErrNotFound      = &Kind{"not_found", 404, "Không tìm thấy", "Not found", "not found"}
	ErrOutsideHours  = &Kind{"outside_hours", 409, "Ngoài giờ tiếp nhận hồ sơ", "Outside opening hours", "outside opening hours"}
	ErrQuotaReached  = &Kind{"quota_reached", 409, "Đã hết số thứ tự trong ngày cho lĩnh vực này", "Today's tickets for this service are all taken", "daily quota reached"}
	ErrCounterBusy   = &Kind{"counter_busy", 409, "Quầy đang do cán bộ khác phụ trách", "Another officer holds this counter", "counter held by another officer"}
	ErrCounterClosed = &Kind{"counter_closed", 409, "Quầy đang đóng", "The counter is closed", "counter closed"}
	ErrInvalidState  = &Kind{"invalid_state", 409, "Thao tác không phù hợp với trạng thái hiện tại", "Not possible in the current state", "invalid state"}
	ErrConflict      = &Kind{"conflict", 409, "Xung đột với dữ liệu hiện có", "Conflicts with the current data", "conflict"}
	ErrTooLarge      = &Kind{"too_large", 413, "Dữ liệu gửi lên quá lớn (tối đa 64 KiB)", "Request body too large (64 KiB at most)", "request body too large"}
	ErrNotJSON       = &Kind{"unsupported_media_type", 415, "Dữ liệu phải gửi ở dạng JSON (Content-Type: application/json)", "The body must be JSON (Content-Type: application/json)", "the body must be application/json"}
	ErrRateLimited   = &Kind{"rate_limited", 429, "Quá nhiều lần thử, vui lòng đợi ít phút", "Too many attempts, please wait a few minutes", "rate limited"}
	// ErrStoreFull is Redis refusing writes for want of memory (maxmemory, noeviction):
	// nothing was changed, and it passes when memory is freed or added.
	ErrStoreFull   = &Kind{"store_full", 503, "Hệ thống tạm hết bộ nhớ lưu trữ nên chưa ghi được; vui lòng thử lại sau ít phút hoặc báo quản trị", "The system's store is out of memory and cannot save now; please try again shortly or tell the administrator", "store full"}
	ErrUnavailable = &Kind{"unavailable", 503, "Hệ thống tạm thời gián đoạn, vui lòng thử lại sau ít phút", "The system is briefly unavailable, please try again shortly", "store unavailable"}
	// ErrMethodNotAllowed and ErrInternal are the HTTP layer's own: a route without the
	// method, and anything no kind matches (a defect, logged).
	ErrMethodNotAllowed = &Kind{"method_not_allowed", 405, "Phương thức không được hỗ trợ", "Method not allowed", "method not allowed"}
	ErrInternal         = &Kind{"internal", 500, "Lỗi hệ thống, vui lòng thử lại", "Internal error, please try again", "internal error"}
)

// The errors of remote numbers and appointments, each its own code in the API (api.md).
var (
	ErrBadPhone           = &Kind{"bad_phone", 400, "Số điện thoại không hợp lệ (số di động Việt Nam: 0 và 9 chữ số, hoặc +84 và 9 chữ số)", "Not a Vietnamese mobile number (0 and 9 digits, or +84 and 9 digits)", "bad phone number"}
	ErrBadCode            = &Kind{"bad_code", 400, "Mã xác nhận không đúng hoặc đã hết hạn", "The code is wrong or has expired", "wrong or expired code"}
	ErrSlotFull           = &Kind{"slot_full", 409, "Khung giờ này đã hết chỗ, xin quý vị chọn khung giờ khác", "This slot is full, please choose another", "slot full"}
	ErrLimitReached       = &Kind{"limit_reached", 409, "Quý vị đã lấy đủ số lượt cho phép trong ngày", "You have taken as many numbers and appointments as a day allows", "limit reached"}
	ErrOutsideHorizon     = &Kind{"outside_horizon", 409, "Ngày hoặc giờ này không nhận đặt lịch", "Appointments are not taken for this day or time", "outside the booking horizon"}
	ErrOutsideOnlineHours = &Kind{"outside_online_hours", 409, "Ngoài giờ lấy số trực tuyến", "Outside the hours of remote numbers", "outside online hours"}
	ErrTooEarly           = &Kind{"too_early", 409, "Quý vị đến sớm: xin xác nhận lịch hẹn gần giờ hẹn hơn", "Too early: please check in closer to your appointment", "too early to check in"}
	ErrTooLate            = &Kind{"too_late", 409, "Đã quá giờ hẹn; xin quý vị lấy số thứ tự thông thường", "Your appointment has passed; please take an ordinary ticket", "too late to check in"}
	ErrCheckedIn          = &Kind{"checked_in", 409, "Lịch hẹn này đã được xác nhận và cấp số", "This appointment is already checked in", "already checked in"}
	// ErrOnlineOnly is a kiosk's ticket without priority where the site is "online only
	// except priority" (booking: online_only).
	ErrOnlineOnly       = &Kind{"online_only", 409, "Nơi này chỉ cấp số qua điện thoại (trang /book/) và cho đối tượng ưu tiên tại ki-ốt", "Numbers are taken by phone here (the /book/ page); the kiosk serves priority cases only", "online numbers only"}
	ErrBookingCancelled = &Kind{"cancelled", 409, "Lịch hẹn này đã bị hủy", "This appointment was cancelled", "booking cancelled"}
)

// Kinds are every sentinel, in the order a lookup tries them.
var Kinds = []*Kind{ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrOutsideHours,
	ErrQuotaReached, ErrCounterBusy, ErrCounterClosed, ErrInvalidState, ErrConflict, ErrTooLarge,
	ErrNotJSON, ErrRateLimited, ErrStoreFull, ErrUnavailable, ErrMethodNotAllowed, ErrInternal,
	ErrBadPhone, ErrBadCode, ErrSlotFull, ErrLimitReached, ErrOutsideHorizon, ErrOutsideOnlineHours,
	ErrTooEarly, ErrTooLate, ErrCheckedIn, ErrOnlineOnly, ErrBookingCancelled}

// KindOf is the kind err wraps, or ErrInternal.
func KindOf(err error) *Kind {
	var k *Kind
	if errors.As(err, &k) {
		return k
	}
	return ErrInternal
}

// KindByCode is the kind with this code (a Lua script's bare error_reply), or nil.
func KindByCode(code string) *Kind {
	for _, k := range Kinds {
		if k.Code == code {
			return k
		}
	}
	return nil
}

// Problem is a domain error with a more precise message than its kind; errors.Is still
// matches the kind. Detail is a short English phrase; Reason is a declared reason
// (reasons.go), which gives the kind and the localised message.
type Problem struct {
	Err    error
	Reason string
	Detail string
}

func (p *Problem) Error() string {
	if p.Detail == "" {
		return p.Err.Error()
	}
	return p.Err.Error() + ": " + p.Detail
}

func (p *Problem) Unwrap() error { return p.Err }

// Message is the problem's message in Vietnamese or English: its reason's, else its kind's.
func (p *Problem) Message(en bool) string {
	if r, ok := reasons[p.Reason]; ok {
		return r.message(en)
	}
	return KindOf(p.Err).message(en)
}

func (k *Kind) message(en bool) string {
	if en {
		return k.EN
	}
	return k.VI
}

// Message is the message of err for the caller's language: its reason's when it is a
// Problem, else its kind's.
func Message(err error, en bool) string {
	var p *Problem
	if errors.As(err, &p) {
		return p.Message(en)
	}
	return KindOf(err).message(en)
}

// Fail builds the Problem of a declared reason; its kind is the reason's. An undeclared
// reason is a defect (TestReasonsDeclared reads every call): it fails as ErrInternal.
func Fail(reason, detail string) error {
	r, ok := reasons[reason]
	if !ok {
		return &Problem{Err: ErrInternal, Reason: reason, Detail: "undeclared reason " + reason + ": " + detail}
	}
	return &Problem{Err: r.Kind, Reason: reason, Detail: detail}
}

// Retry is an error that says when trying again makes sense (a limit's window); the API
// sends it as Retry-After. errors.Is still matches its Err.
type Retry struct {
	Err   error
	After time.Duration
}

func (r *Retry) Error() string { return r.Err.Error() }

func (r *Retry) Unwrap() error { return r.Err }

// Later wraps err with when to try again.
func Later(err error, after time.Duration) error {
	return &Retry{Err: err, After: after}
}
