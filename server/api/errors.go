package api

import (
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// errTooLarge, errNoRoute and errNotJSON are the HTTP layer's own errors.
var (
	errTooLarge = errors.New("request body too large")
	errNoRoute  = errors.New("no such route")
	errNotJSON  = errors.New("the body must be application/json")
)

// errorTable maps every domain error to its status, code and messages: the one place where
// errors meet HTTP. Order matters only in that the first match wins.
var errorTable = []struct {
	err    error
	status int
	code   string
	vi, en string
}{
	{queue.ErrBadPhone, 400, "bad_phone", "Số điện thoại không hợp lệ (số di động Việt Nam: 0 và 9 chữ số, hoặc +84 và 9 chữ số)", "Not a Vietnamese mobile number (0 and 9 digits, or +84 and 9 digits)"},
	{queue.ErrBadCode, 400, "bad_code", "Mã xác nhận không đúng hoặc đã hết hạn", "The code is wrong or has expired"},
	{queue.ErrSlotFull, 409, "slot_full", "Khung giờ này đã hết chỗ, xin quý vị chọn khung giờ khác", "This slot is full, please choose another"},
	{queue.ErrLimitReached, 409, "limit_reached", "Quý vị đã lấy đủ số lượt cho phép trong ngày", "You have taken as many numbers and appointments as a day allows"},
	{queue.ErrOutsideHorizon, 409, "outside_horizon", "Ngày hoặc giờ này không nhận đặt lịch", "Appointments are not taken for this day or time"},
	{queue.ErrOutsideOnlineHours, 409, "outside_online_hours", "Ngoài giờ lấy số trực tuyến", "Outside the hours of remote numbers"},
	{queue.ErrTooEarly, 409, "too_early", "Quý vị đến sớm: xin xác nhận lịch hẹn gần giờ hẹn hơn", "Too early: please check in closer to your appointment"},
	{queue.ErrTooLate, 409, "too_late", "Đã quá giờ hẹn; xin quý vị lấy số thứ tự thông thường", "Your appointment has passed; please take an ordinary ticket"},
	{queue.ErrCheckedIn, 409, "checked_in", "Lịch hẹn này đã được xác nhận và cấp số", "This appointment is already checked in"},
	{queue.ErrOnlineOnly, 409, "online_only", "Nơi này chỉ cấp số qua điện thoại (trang /book/) và cho đối tượng ưu tiên tại ki-ốt", "Numbers are taken by phone here (the /book/ page); the kiosk serves priority cases only"},
	{queue.ErrBookingCancelled, 409, "cancelled", "Lịch hẹn này đã bị hủy", "This appointment was cancelled"},
	{queue.ErrBadRequest, 400, "bad_request", "Yêu cầu không hợp lệ", "Bad request"},
	{queue.ErrUnauthorized, 401, "unauthorized", "Vui lòng đăng nhập", "Please sign in"},
	{queue.ErrForbidden, 403, "forbidden", "Bạn không có quyền thực hiện thao tác này", "You may not do this"},
	{queue.ErrNotFound, 404, "not_found", "Không tìm thấy", "Not found"},
	{errNoRoute, 404, "not_found", "Không tìm thấy", "Not found"},
	{queue.ErrOutsideHours, 409, "outside_hours", "Ngoài giờ tiếp nhận hồ sơ", "Outside opening hours"},
	{queue.ErrQuotaReached, 409, "quota_reached", "Đã hết số thứ tự trong ngày cho lĩnh vực này", "Today's tickets for this service are all taken"},
	{queue.ErrCounterBusy, 409, "counter_busy", "Quầy đang do cán bộ khác phụ trách", "Another officer holds this counter"},
	{queue.ErrCounterClosed, 409, "counter_closed", "Quầy đang đóng", "The counter is closed"},
	{queue.ErrInvalidState, 409, "invalid_state", "Thao tác không phù hợp với trạng thái hiện tại", "Not possible in the current state"},
	{queue.ErrConflict, 409, "conflict", "Xung đột với dữ liệu hiện có", "Conflicts with the current data"},
	{errTooLarge, 413, "too_large", "Dữ liệu gửi lên quá lớn (tối đa 64 KiB)", "Request body too large (64 KiB at most)"},
	{errNotJSON, 415, "unsupported_media_type", "Dữ liệu phải gửi ở dạng JSON (Content-Type: application/json)", "The body must be JSON (Content-Type: application/json)"},
	{queue.ErrRateLimited, 429, "rate_limited", "Quá nhiều lần thử, vui lòng đợi ít phút", "Too many attempts, please wait a few minutes"},
	{queue.ErrStoreFull, 503, "store_full", "Hệ thống tạm hết bộ nhớ lưu trữ nên chưa ghi được; vui lòng thử lại sau ít phút hoặc báo quản trị", "The system's store is out of memory and cannot save now; please try again shortly or tell the administrator"},
	{queue.ErrUnavailable, 503, "unavailable", "Hệ thống tạm thời gián đoạn, vui lòng thử lại sau ít phút", "The system is briefly unavailable, please try again shortly"},
}

// reasons are the more precise messages of queue.Problem reasons.
var reasons = map[string][2]string{
	"unknown_site":         {"Không có điểm phục vụ này", "No such site"},
	"unknown_service":      {"Lĩnh vực này không được tiếp nhận tại đây", "This service is not offered here"},
	"unknown_counter":      {"Không có quầy này", "No such counter"},
	"unknown_ticket":       {"Không tìm thấy số thứ tự", "No such ticket"},
	"unknown_booking":      {"Không có lịch hẹn này tại đây hôm nay", "No such appointment here today"},
	"not_booked":           {"Lịch hẹn không còn hiệu lực để hủy", "The appointment can no longer be cancelled"},
	"slot_started":         {"Khung giờ đã bắt đầu, không thể tự hủy", "The slot has started and can no longer be cancelled"},
	"already_postponed":    {"Số này đã lùi lượt một lần", "This ticket was postponed once already"},
	"otp_rate":             {"Đã gửi quá nhiều mã, xin quý vị đợi ít phút", "Too many codes asked, please wait a few minutes"},
	"bad_id_number":        {"Số định danh không hợp lệ (9 hoặc 12 chữ số)", "The id number needs 9 or 12 digits"},
	"no_slot":              {"Không có khung giờ này", "No such slot"},
	"unknown_priority":     {"Đối tượng ưu tiên không hợp lệ", "Unknown priority category"},
	"unknown_level":        {"Mức đánh giá không hợp lệ", "Unknown rating level"},
	"counter_paused":       {"Quầy đang tạm dừng", "The counter is paused"},
	"not_holder":           {"Quầy này do cán bộ khác phụ trách", "Another officer holds this counter"},
	"officer_busy":         {"Bạn đang phụ trách một quầy khác; hãy đóng quầy đó trước", "You already hold another counter; close it first"},
	"not_waiting":          {"Số này không còn chờ (có thể quầy khác đã gọi)", "This ticket is no longer waiting (another counter may have called it)"},
	"no_current":           {"Quầy chưa có số đang phục vụ", "The counter has no current ticket"},
	"recall_limit":         {"Đã gọi lại đủ số lần cho phép; hãy đánh dấu vắng mặt", "Recall limit reached; mark the ticket as absent"},
	"wrong_state":          {"Số này không ở trạng thái phù hợp cho thao tác", "The ticket is not in a state for this action"},
	"already_paused":       {"Quầy đã tạm dừng", "The counter is already paused"},
	"not_paused":           {"Quầy không ở trạng thái tạm dừng", "The counter is not paused"},
	"not_done":             {"Chỉ đánh giá được sau khi đã phục vụ xong", "Only a finished ticket can be rated"},
	"already_rated":        {"Số này đã được đánh giá", "This ticket is already rated"},
	"wrong_counter":        {"Số này được phục vụ ở quầy khác", "This ticket was served at another counter"},
	"too_late":             {"Đã hết thời hạn đánh giá", "The rating window has closed"},
	"user_exists":          {"Tên đăng nhập đã tồn tại", "The username is taken"},
	"bad_credentials":      {"Sai tên đăng nhập hoặc mật khẩu", "Wrong username or password"},
	"csrf":                 {"Thiếu hoặc sai mã CSRF (X-CSRF-Token)", "Missing or wrong CSRF token (X-CSRF-Token)"},
	"bad_json":             {"Dữ liệu JSON không hợp lệ", "Malformed JSON"},
	"transfer_target":      {"Chọn đúng một nơi chuyển: lĩnh vực hoặc quầy", "Name exactly one target: a service or a counter"},
	"bad_reason":           {"Cần nêu lý do tạm dừng (tối đa 200 ký tự)", "A pause needs a reason (at most 200 characters)"},
	"wrong_device":         {"Thiết bị này không được phép thao tác", "This device may not do this"},
	"wrong_site":           {"Số thứ tự thuộc điểm phục vụ khác", "The ticket belongs to another site"},
	"session_expired":      {"Phiên làm việc đã hết hạn, vui lòng đăng nhập lại", "Your session has expired, please sign in again"},
	"bad_auth":             {"Tiêu đề Authorization phải có dạng Bearer <mã>", "Authorization must be Bearer <token>"},
	"bad_by":               {"Cách nhóm báo cáo không hợp lệ (lĩnh vực, quầy, cán bộ, giờ, ngày hoặc điểm)", "by: service, counter, officer, hour, day or site"},
	"bad_config":           {"Tệp cấu hình tổ chức có lỗi; cấu hình cũ vẫn được giữ", "The organisation file has errors; the previous one stays in force"},
	"bad_date":             {"Ngày không hợp lệ (dạng YYYY-MM-DD)", "Invalid date (YYYY-MM-DD)"},
	"bad_format":           {"Định dạng xuất không hợp lệ (json, csv, xlsx hoặc pdf)", "format: json, csv, xlsx or pdf"},
	"bad_full_name":        {"Họ tên không hợp lệ (bắt buộc, tối đa 100 ký tự)", "Full name required, at most 100 characters"},
	"bad_idempotency_key":  {"Idempotency-Key không hợp lệ", "Invalid Idempotency-Key"},
	"bad_kind":             {"Loại thiết bị phải là kiosk, màn hình hoặc bảng đánh giá", "kind: kiosk, display or rating"},
	"bad_name":             {"Tên không hợp lệ (1 đến 100 ký tự)", "Name: 1 to 100 characters"},
	"bad_password":         {"Mật khẩu phải có từ 8 đến 72 ký tự", "The password needs 8 to 72 characters"},
	"bad_period":           {"Khoảng thời gian báo cáo không hợp lệ", "Invalid report period"},
	"bad_role":             {"Vai trò phải là admin, supervisor hoặc officer", "role: admin, supervisor or officer"},
	"bad_state":            {"Trạng thái không hợp lệ", "Invalid state"},
	"bad_username":         {"Tên đăng nhập: 2–32 ký tự a-z, 0-9, dấu chấm, gạch dưới, gạch ngang", "Username: 2 to 32 of a-z 0-9 . _ -"},
	"day_open":             {"Chỉ tổng hợp được ngày đã kết thúc", "Only a day that is over can be rolled up"},
	"delete_self":          {"Không thể xóa tài khoản của chính bạn", "You cannot delete your own account"},
	"duplicate_service":    {"Một lĩnh vực được chọn hai lần", "A service is listed twice"},
	"missing_service":      {"Cần chọn lĩnh vực", "A service is required"},
	"missing_ticket":       {"Cần nêu số thứ tự", "A ticket is required"},
	"no_archive":           {"Chưa cấu hình thư mục lưu trữ (LUOT_ARCHIVE_DIR)", "LUOT_ARCHIVE_DIR is not set"},
	"no_change":            {"Hãy chọn lĩnh vực quầy phục vụ hôm nay, hoặc đóng quầy", "Name the services the counter serves today, or close it"},
	"no_officer":           {"Hãy chọn cán bộ nhận quầy", "Name the officer who takes the counter"},
	"no_reload":            {"Không thể nạp lại cấu hình tại đây", "Reloading is not available"},
	"origin":               {"Kết nối này chỉ mở được từ các trang của hệ thống", "This connection opens only from the system's own pages"},
	"rating_by_user":       {"Đánh giá do công dân thực hiện (trên điện thoại hoặc bảng đánh giá tại quầy), không từ tài khoản cán bộ", "Ratings come from the citizen (phone or the counter's rating panel), never from a signed-in user"},
	"bad_since":            {"Tham số since không hợp lệ (mã sự kiện dạng 1700000000000-0)", "since: an event id such as 1700000000000-0"},
	"ticket_watchers":      {"Đã có quá nhiều kết nối theo dõi số này, vui lòng đóng bớt", "Too many connections already follow this ticket; close one"},
	"not_to_rate":          {"Không có số nào vừa phục vụ xong tại quầy này để đánh giá", "No ticket just finished at this counter to rate"},
	"province_admin":       {"Báo cáo toàn tỉnh chỉ dành cho quản trị; hãy chọn một điểm", "The province's report is for admins; name a site"},
	"rollup_running":       {"Đang tổng hợp ngày này, vui lòng đợi", "This day is being rolled up, please wait"},
	"unknown_officer":      {"Không có cán bộ này tại điểm phục vụ", "No such officer at this site"},
	"bad_query":            {"Số thứ tự cần tìm không hợp lệ (ví dụ A012)", "Not a ticket number to search for (e.g. A012)"},
	"bad_limit":            {"Số dòng yêu cầu không hợp lệ", "The limit is not a valid number"},
	"bad_officer":          {"Tên cán bộ không hợp lệ", "Not a valid officer username"},
	"bad_number":           {"Số thứ tự không hợp lệ (ví dụ A023)", "Invalid ticket number (e.g. A023)"},
	"bad_counter":          {"Số quầy không hợp lệ", "Invalid counter number"},
	"kiosk_rate":           {"Máy đã cấp quá nhiều số trong một phút, vui lòng đợi giây lát", "This kiosk has issued too many tickets this minute, please wait a moment"},
	"too_many_connections": {"Quá nhiều kết nối từ địa chỉ của bạn, vui lòng thử lại sau ít phút", "Too many connections from your address, please try again in a few minutes"},
	"metrics_address":      {"Địa chỉ này không được đọc số liệu giám sát", "This address may not read the metrics"},
	"metrics_token":        {"Cần mã truy cập để đọc số liệu giám sát", "The metrics need their access token"},
	"bad_pair_code":        {"Mã ghép nối không đúng hoặc đã hết hạn; xin lấy mã mới trên trang quản trị", "The pairing code is wrong or has expired; get a new one on the admin page"},
	"pair_wrong_kind":      {"Mã ghép nối này dành cho loại thiết bị khác", "This pairing code is for another kind of device"},
	"pair_attempts":        {"Nhập sai mã quá nhiều lần; vui lòng đợi ít phút rồi thử lại", "Too many wrong codes; please wait a few minutes and try again"},
}

// errorBody is the contract's error body.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Detail  string `json:"detail,omitempty"`
	} `json:"error"`
}

// english reports whether the caller prefers English (Vietnamese is the default).
func english(c *fiber.Ctx) bool {
	al := strings.ToLower(c.Get(fiber.HeaderAcceptLanguage))
	return strings.HasPrefix(al, "en")
}

// writeError answers an error with its status and the contract's body.
func writeError(c *fiber.Ctx, log *slog.Logger, err error) error {
	var fe *fiber.Error
	if errors.As(err, &fe) {
		switch fe.Code {
		case fiber.StatusRequestEntityTooLarge:
			err = errTooLarge
		case fiber.StatusNotFound:
			err = errNoRoute
		case fiber.StatusMethodNotAllowed:
			return respond(c, fe.Code, "method_not_allowed", "Phương thức không được hỗ trợ", "Method not allowed", "")
		default:
			if fe.Code < 500 {
				return respond(c, fe.Code, "bad_request", "Yêu cầu không hợp lệ", "Bad request", fe.Message)
			}
		}
	}
	for _, e := range errorTable {
		if errors.Is(err, e.err) {
			vi, en := e.vi, e.en
			detail := ""
			var p *queue.Problem
			if errors.As(err, &p) {
				if m, ok := reasons[p.Reason]; ok {
					vi, en = m[0], m[1]
				}
				detail = p.Detail
			}
			if e.status >= 500 {
				log.Warn("request failed", "path", c.Path(), "err", err)
			}
			var retry *queue.Retry
			if errors.As(err, &retry) {
				c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(max(1, (retry.After+time.Second-1)/time.Second))))
			}
			return respond(c, e.status, e.code, vi, en, detail)
		}
	}
	log.Error("internal error", "method", c.Method(), "path", c.Path(), "err", err)
	return respond(c, 500, "internal", "Lỗi hệ thống, vui lòng thử lại", "Internal error, please try again", "")
}

func respond(c *fiber.Ctx, status int, code, vi, en, detail string) error {
	var b errorBody
	b.Error.Code = code
	b.Error.Message = vi
	if english(c) {
		b.Error.Message = en
	}
	b.Error.Detail = detail
	return c.Status(status).JSON(b)
}

// bad is a 400 with a reason.
func bad(reason, detail string) error {
	return queue.Fail(queue.ErrBadRequest, reason, detail)
}
