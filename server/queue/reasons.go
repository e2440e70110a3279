package queue

// Reason is one precise cause of an error: its kind (code and HTTP status) and its own
// message in Vietnamese and English.
type Reason struct {
	Kind   *Kind
	VI, EN string
}

func (r Reason) message(en bool) string {
	if en {
		return r.EN
	}
	return r.VI
}

// reasons is the one vocabulary of precise errors, keyed by the stable word that Go code
// passes to Fail and Lua scripts return with redis.error_reply (TestReasonsDeclared reads
// both and fails on a word declared nowhere).
var reasons = map[string]Reason{
	"unknown_site":         {ErrNotFound, "Không có điểm phục vụ này", "No such site"},
	"invalid_site":         {ErrBadRequest, "Không có điểm phục vụ này", "No such site"},
	"unknown_service":      {ErrNotFound, "Lĩnh vực này không được tiếp nhận tại đây", "This service is not offered here"},
	"invalid_service":      {ErrBadRequest, "Lĩnh vực này không được tiếp nhận tại đây", "This service is not offered here"},
	"unknown_counter":      {ErrNotFound, "Không có quầy này", "No such counter"},
	"invalid_counter":      {ErrBadRequest, "Không có quầy này", "No such counter"},
	"unknown_ticket":       {ErrNotFound, "Không tìm thấy số thứ tự", "No such ticket"},
	"unknown_priority":     {ErrBadRequest, "Đối tượng ưu tiên không hợp lệ", "Unknown priority category"},
	"unknown_level":        {ErrBadRequest, "Mức đánh giá không hợp lệ", "Unknown rating level"},
	"counter_paused":       {ErrInvalidState, "Quầy đang tạm dừng", "The counter is paused"},
	"not_holder":           {ErrForbidden, "Quầy này do cán bộ khác phụ trách", "Another officer holds this counter"},
	"officer_busy":         {ErrConflict, "Bạn đang phụ trách một quầy khác; hãy đóng quầy đó trước", "You already hold another counter; close it first"},
	"not_waiting":          {ErrInvalidState, "Số này không còn chờ (có thể quầy khác đã gọi)", "This ticket is no longer waiting (another counter may have called it)"},
	"no_current":           {ErrInvalidState, "Quầy chưa có số đang phục vụ", "The counter has no current ticket"},
	"recall_limit":         {ErrInvalidState, "Đã gọi lại đủ số lần cho phép; hãy đánh dấu vắng mặt", "Recall limit reached; mark the ticket as absent"},
	"wrong_state":          {ErrInvalidState, "Số này không ở trạng thái phù hợp cho thao tác", "The ticket is not in a state for this action"},
	"already_paused":       {ErrInvalidState, "Quầy đã tạm dừng", "The counter is already paused"},
	"not_paused":           {ErrInvalidState, "Quầy không ở trạng thái tạm dừng", "The counter is not paused"},
	"not_done":             {ErrInvalidState, "Chỉ đánh giá được sau khi đã phục vụ xong", "Only a finished ticket can be rated"},
	"already_rated":        {ErrConflict, "Số này đã được đánh giá", "This ticket is already rated"},
	"wrong_counter":        {ErrForbidden, "Số này được phục vụ ở quầy khác", "This ticket was served at another counter"},
	"rating_closed":        {ErrConflict, "Đã hết thời hạn đánh giá", "The rating window has closed"},
	"user_exists":          {ErrConflict, "Tên đăng nhập đã tồn tại", "The username is taken"},
	"bad_credentials":      {ErrUnauthorized, "Sai tên đăng nhập hoặc mật khẩu", "Wrong username or password"},
	"missing_credentials":  {ErrBadRequest, "Sai tên đăng nhập hoặc mật khẩu", "Wrong username or password"},
	"csrf":                 {ErrForbidden, "Thiếu hoặc sai mã CSRF (X-CSRF-Token)", "Missing or wrong CSRF token (X-CSRF-Token)"},
	"bad_json":             {ErrBadRequest, "Dữ liệu JSON không hợp lệ", "Malformed JSON"},
	"transfer_target":      {ErrBadRequest, "Chọn đúng một nơi chuyển: lĩnh vực hoặc quầy", "Name exactly one target: a service or a counter"},
	"bad_reason":           {ErrBadRequest, "Cần nêu lý do tạm dừng (tối đa 200 ký tự)", "A pause needs a reason (at most 200 characters)"},
	"wrong_device":         {ErrForbidden, "Thiết bị này không được phép thao tác", "This device may not do this"},
	"wrong_site":           {ErrForbidden, "Số thứ tự thuộc điểm phục vụ khác", "The ticket belongs to another site"},
	"session_expired":      {ErrUnauthorized, "Phiên làm việc đã hết hạn, vui lòng đăng nhập lại", "Your session has expired, please sign in again"},
	"bad_auth":             {ErrUnauthorized, "Tiêu đề Authorization phải có dạng Bearer <mã>", "Authorization must be Bearer <token>"},
	"bad_by":               {ErrBadRequest, "Cách nhóm báo cáo không hợp lệ (lĩnh vực, quầy, cán bộ, giờ, ngày hoặc điểm)", "by: service, counter, officer, hour, day or site"},
	"bad_config":           {ErrBadRequest, "Tệp cấu hình tổ chức có lỗi; cấu hình cũ vẫn được giữ", "The organisation file has errors; the previous one stays in force"},
	"bad_date":             {ErrBadRequest, "Ngày không hợp lệ (dạng YYYY-MM-DD)", "Invalid date (YYYY-MM-DD)"},
	"bad_format":           {ErrBadRequest, "Định dạng xuất không hợp lệ (json, csv, xlsx hoặc pdf)", "format: json, csv, xlsx or pdf"},
	"bad_full_name":        {ErrBadRequest, "Họ tên không hợp lệ (bắt buộc, tối đa 100 ký tự)", "Full name required, at most 100 characters"},
	"bad_idempotency_key":  {ErrBadRequest, "Idempotency-Key không hợp lệ", "Invalid Idempotency-Key"},
	"bad_kind":             {ErrBadRequest, "Loại thiết bị phải là kiosk, màn hình hoặc bảng đánh giá", "kind: kiosk, display or rating"},
	"bad_name":             {ErrBadRequest, "Tên không hợp lệ (1 đến 100 ký tự)", "Name: 1 to 100 characters"},
	"bad_password":         {ErrBadRequest, "Mật khẩu phải có từ 8 đến 72 ký tự", "The password needs 8 to 72 characters"},
	"bad_period":           {ErrBadRequest, "Khoảng thời gian báo cáo không hợp lệ", "Invalid report period"},
	"bad_role":             {ErrBadRequest, "Vai trò phải là admin, supervisor hoặc officer", "role: admin, supervisor or officer"},
	"bad_state":            {ErrBadRequest, "Trạng thái không hợp lệ", "Invalid state"},
	"bad_username":         {ErrBadRequest, "Tên đăng nhập: 2–32 ký tự a-z, 0-9, dấu chấm, gạch dưới, gạch ngang", "Username: 2 to 32 of a-z 0-9 . _ -"},
	"day_open":             {ErrInvalidState, "Chỉ tổng hợp được ngày đã kết thúc", "Only a day that is over can be rolled up"},
	"delete_self":          {ErrConflict, "Không thể xóa tài khoản của chính bạn", "You cannot delete your own account"},
	"duplicate_service":    {ErrBadRequest, "Một lĩnh vực được chọn hai lần", "A service is listed twice"},
	"missing_service":      {ErrBadRequest, "Cần chọn lĩnh vực", "A service is required"},
	"missing_ticket":       {ErrBadRequest, "Cần nêu số thứ tự", "A ticket is required"},
	"no_archive":           {ErrConflict, "Chưa cấu hình thư mục lưu trữ (LUOT_ARCHIVE_DIR)", "LUOT_ARCHIVE_DIR is not set"},
	"no_change":            {ErrBadRequest, "Hãy chọn lĩnh vực quầy phục vụ hôm nay, hoặc đóng quầy", "Name the services the counter serves today, or close it"},
	"no_officer":           {ErrBadRequest, "Hãy chọn cán bộ nhận quầy", "Name the officer who takes the counter"},
	"no_reload":            {ErrConflict, "Không thể nạp lại cấu hình tại đây", "Reloading is not available"},
	"origin":               {ErrForbidden, "Kết nối này chỉ mở được từ các trang của hệ thống", "This connection opens only from the system's own pages"},
	"rating_by_user":       {ErrForbidden, "Đánh giá do công dân thực hiện (trên điện thoại hoặc bảng đánh giá tại quầy), không từ tài khoản cán bộ", "Ratings come from the citizen (phone or the counter's rating panel), never from a signed-in user"},
	"bad_since":            {ErrBadRequest, "Tham số since không hợp lệ (mã sự kiện dạng 1700000000000-0)", "since: an event id such as 1700000000000-0"},
	"ticket_watchers":      {ErrRateLimited, "Đã có quá nhiều kết nối theo dõi số này, vui lòng đóng bớt", "Too many connections already follow this ticket; close one"},
	"not_to_rate":          {ErrNotFound, "Không có số nào vừa phục vụ xong tại quầy này để đánh giá", "No ticket just finished at this counter to rate"},
	"province_admin":       {ErrForbidden, "Báo cáo toàn tỉnh chỉ dành cho quản trị; hãy chọn một điểm", "The province's report is for admins; name a site"},
	"rollup_running":       {ErrConflict, "Đang tổng hợp ngày này, vui lòng đợi", "This day is being rolled up, please wait"},
	"unknown_officer":      {ErrBadRequest, "Không có cán bộ này tại điểm phục vụ", "No such officer at this site"},
	"bad_query":            {ErrBadRequest, "Số thứ tự cần tìm không hợp lệ (ví dụ A012)", "Not a ticket number to search for (e.g. A012)"},
	"bad_limit":            {ErrBadRequest, "Số dòng yêu cầu không hợp lệ", "The limit is not a valid number"},
	"bad_officer":          {ErrBadRequest, "Tên cán bộ không hợp lệ", "Not a valid officer username"},
	"bad_number":           {ErrBadRequest, "Số thứ tự không hợp lệ (ví dụ A023)", "Invalid ticket number (e.g. A023)"},
	"bad_counter":          {ErrBadRequest, "Số quầy không hợp lệ", "Invalid counter number"},
	"kiosk_rate":           {ErrRateLimited, "Máy đã cấp quá nhiều số trong một phút, vui lòng đợi giây lát", "This kiosk has issued too many tickets this minute, please wait a moment"},
	"too_many_connections": {ErrRateLimited, "Quá nhiều kết nối từ địa chỉ của bạn, vui lòng thử lại sau ít phút", "Too many connections from your address, please try again in a few minutes"},
	"metrics_address":      {ErrForbidden, "Địa chỉ này không được đọc số liệu giám sát", "This address may not read the metrics"},
	"metrics_token":        {ErrUnauthorized, "Cần mã truy cập để đọc số liệu giám sát", "The metrics need their access token"},
	"bad_pair_code":        {ErrBadRequest, "Mã ghép nối không đúng hoặc đã hết hạn; xin lấy mã mới trên trang quản trị", "The pairing code is wrong or has expired; get a new one on the admin page"},
	"pair_wrong_kind":      {ErrBadRequest, "Mã ghép nối này dành cho loại thiết bị khác", "This pairing code is for another kind of device"},
	"pair_attempts":        {ErrRateLimited, "Nhập sai mã quá nhiều lần; vui lòng đợi ít phút rồi thử lại", "Too many wrong codes; please wait a few minutes and try again"},
	"no_ticket":            {ErrNotFound, "Không tìm thấy", "Not found"},
	"comment_too_long":     {ErrBadRequest, "Góp ý dài quá 1000 ký tự", "The comment is longer than 1000 characters"},
	"unknown_action":       {ErrBadRequest, "Thao tác không hợp lệ", "Unknown action"},

	// remote numbers and appointments (bookings*.go, lua/book, unbook, checkin, postpone, otp)
	"unknown_booking":   {ErrNotFound, "Không có lịch hẹn này tại đây hôm nay", "No such appointment here today"},
	"not_booked":        {ErrInvalidState, "Lịch hẹn không còn hiệu lực để hủy", "The appointment can no longer be cancelled"},
	"slot_started":      {ErrInvalidState, "Khung giờ đã bắt đầu, không thể tự hủy", "The slot has started and can no longer be cancelled"},
	"already_postponed": {ErrInvalidState, "Số này đã lùi lượt một lần", "This ticket was postponed once already"},
	"otp_rate":          {ErrRateLimited, "Đã gửi quá nhiều mã, xin quý vị đợi ít phút", "Too many codes asked, please wait a few minutes"},
	"bad_id_number":     {ErrBadRequest, "Số định danh không hợp lệ (9 hoặc 12 chữ số)", "The id number needs 9 or 12 digits"},
	"bad_for":           {ErrBadRequest, "Tham số for không hợp lệ (ticket, hoặc bỏ trống cho lời gọi số)", "for: ticket, or nothing for a call"},
	"no_slot":           {ErrOutsideHorizon, "Không có khung giờ này", "No such slot"},
	// code_taken is a drawn check-in code already used by an open booking: the store draws
	// another, and it reaches nobody
	"code_taken": {ErrConflict, "Mã xác nhận trùng, xin thử lại", "The check-in code is taken, please try again"},

	// the cluster (store/client.go): a write the replicas did not confirm
	"not_replicated": {ErrUnavailable, "Dữ liệu chưa được sao lưu sang máy dự phòng nên chưa chắc đã ghi; vui lòng thử lại sau ít phút", "The replicas did not confirm the write; please try again shortly"},
}

// ReasonOf is the declared reason of a word.
func ReasonOf(word string) (Reason, bool) {
	r, ok := reasons[word]
	return r, ok
}
