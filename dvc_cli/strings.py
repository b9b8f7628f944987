"""Every human sentence, in Vietnamese and English, keyed by id.

`t(key, **params)` formats the sentence in the current language. The language is chosen once per
invocation with `set_lang()` (from `--lang` or `DVC_LANG`); Vietnamese is the default.
"""

from __future__ import annotations

import os

LANGS = ("vi", "en")
_lang = "vi"


def set_lang(lang: str | None) -> str:
    """Choose the language for this invocation; unknown values fall back to Vietnamese."""
    global _lang
    chosen = (lang or os.environ.get("DVC_LANG") or "vi").strip().lower()[:2]
    _lang = chosen if chosen in LANGS else "vi"
    return _lang


def lang() -> str:
    """The language in force."""
    return _lang


def t(key: str, /, **params: object) -> str:
    """The sentence `key` in the current language, formatted with `params`."""
    vi, en = MESSAGES[key]
    text = en if _lang == "en" else vi
    return text.format(**params) if params else text


# key: (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # --- identity numbers, phones, emails, dates (rules/ids.py, rules/dates.py)
    "id.format": (
        "Số định danh cá nhân phải gồm đúng 12 chữ số (bạn nhập {length} ký tự).",
        "A personal ID number has exactly 12 digits (you typed {length} characters).",
    ),
    "id.province": (
        "Số định danh bắt đầu bằng {province}: không phải mã tỉnh nơi đăng ký khai sinh nào.",
        "The ID number starts with {province}, which is not a province code.",
    ),
    "id.century": (
        "Chữ số thứ 4 của số định danh ({digit}) cho thế kỷ sinh khác với năm sinh {year}.",
        "The 4th digit of the ID number ({digit}) gives a birth century other than the year of birth {year}.",
    ),
    "id.year": (
        "Chữ số 5–6 của số định danh ({yy}) không khớp với năm sinh {year}.",
        "Digits 5–6 of the ID number ({yy}) do not match the year of birth {year}.",
    ),
    "id.future": (
        "Số định danh cho năm sinh {year}, là năm trong tương lai.",
        "The ID number gives the birth year {year}, which is in the future.",
    ),
    "id.gender": (
        "Giới tính “{gender}” không khớp với số định danh (chữ số thứ 4 là {digit}).",
        "Gender “{gender}” does not match the ID number (its 4th digit is {digit}).",
    ),
    "gender.invalid": (
        "Giới tính phải là “nam” hoặc “nữ” (bạn nhập “{value}”).",
        "Gender must be “male” or “female” (you typed “{value}”).",
    ),
    "phone.format": (
        "Số điện thoại “{value}” không phải số di động Việt Nam: cần 10 chữ số bắt đầu bằng 03, 05, 07, 08, 09 (hoặc +84…).",
        "“{value}” is not a Vietnamese mobile number: it needs 10 digits starting 03, 05, 07, 08 or 09 (or +84…).",
    ),
    "email.format": (
        "Địa chỉ email “{value}” không hợp lệ.",
        "“{value}” is not a valid email address.",
    ),
    "date.format": (
        "Ngày “{value}” không đúng dạng: hãy nhập DD/MM/YYYY (ví dụ 15/03/2003) hoặc YYYY-MM-DD.",
        "“{value}” is not a date: type DD/MM/YYYY (e.g. 15/03/2003) or YYYY-MM-DD.",
    ),
    "date.impossible": (
        "Ngày “{value}” không có thật trên lịch.",
        "“{value}” is not a real calendar date.",
    ),
    "date.future": (
        "Ngày {value} nằm trong tương lai.",
        "{value} is in the future.",
    ),
    "datetime.format": (
        "Thời điểm “{value}” không đúng dạng: hãy nhập “DD/MM/YYYY HH:MM” (ví dụ “20/11/2026 09:30”).",
        "“{value}” is not a date and time: type “DD/MM/YYYY HH:MM” (e.g. “20/11/2026 09:30”).",
    ),
    # --- catalogue (catalogue.py)
    "catalogue.not_found": (
        "Không tìm thấy tệp danh mục thủ tục {file}.",
        "The procedure catalogue file {file} does not exist.",
    ),
    "catalogue.yaml_syntax": (
        "{file}:{line}: tệp danh mục không đọc được (lỗi cú pháp YAML: {problem}).",
        "{file}:{line}: the catalogue cannot be read (YAML syntax error: {problem}).",
    ),
    "catalogue.unknown_key": (
        "{file}:{line}: khóa “{key}” không được biết trong {where}.",
        "{file}:{line}: unknown key “{key}” in {where}.",
    ),
    "catalogue.missing_field": (
        "{file}:{line}: thiếu trường “{field}” trong {where}.",
        "{file}:{line}: field “{field}” is missing in {where}.",
    ),
    "catalogue.bad_value": (
        "{file}:{line}: giá trị “{value}” của trường “{field}” không hợp lệ; cần {expected}.",
        "{file}:{line}: “{value}” is not a valid value for “{field}”; expected {expected}.",
    ),
    "catalogue.duplicate": (
        "{file}:{line}: mã “{code}” bị lặp lại.",
        "{file}:{line}: the code “{code}” appears twice.",
    ),
    "catalogue.unknown_agency": (
        "{file}:{line}: cơ quan “{agency}” không có trong danh sách cơ quan.",
        "{file}:{line}: agency “{agency}” is not in the agency list.",
    ),
    "procedure.not_found": (
        "Không có thủ tục mã “{code}”. Tìm thủ tục bằng: dvc-cli procedure search <từ khóa>",
        "There is no procedure with code “{code}”. Find one with: dvc-cli procedure search <words>",
    ),
    "agency.not_found": (
        "Không có cơ quan mã “{code}”. Xem danh sách: dvc-cli agency list",
        "There is no agency with code “{code}”. See the list: dvc-cli agency list",
    ),
    "field.not_found": (
        "Không có lĩnh vực “{field}”. Các lĩnh vực: {choices}.",
        "There is no field “{field}”. Fields: {choices}.",
    ),
    # --- words and column headings
    "word.error": ("Lỗi", "Error"),
    "word.warning": ("Chú ý", "Warning"),
    "word.yes": ("Có", "Yes"),
    "word.no": ("Không", "No"),
    "word.required": ("Bắt buộc", "Required"),
    "word.conditional": ("Nếu có", "If applicable"),
    "word.none_found": ("Không tìm thấy gì.", "Nothing found."),
    "col.address": ("Địa chỉ", "Address"),
    "col.agencies": ("Cơ quan giải quyết", "Handling agencies"),
    "col.agency": ("Cơ quan", "Agency"),
    "col.channel": ("Kênh nộp", "Channel"),
    "col.citizen": ("Công dân", "Citizen"),
    "col.clerk": ("Cán bộ", "Clerk"),
    "col.code": ("Mã", "Code"),
    "col.date": ("Ngày", "Date"),
    "col.delivery": ("Nhận kết quả", "Result delivery"),
    "col.dob": ("Ngày sinh", "Date of birth"),
    "col.birth_province": ("Tỉnh đăng ký khai sinh", "Birth registered in"),
    "col.document": ("Giấy tờ", "Paper"),
    "col.documents": ("Thành phần hồ sơ", "Required papers"),
    "col.dossier": ("Hồ sơ", "Dossier"),
    "col.dossiers": ("Hồ sơ", "Dossiers"),
    "col.due": ("Hẹn trả", "Appointment"),
    "col.email": ("Email", "Email"),
    "col.exemptions": ("Miễn giảm", "Exemptions"),
    "col.fee": ("Phí, lệ phí", "Fee"),
    "col.fee_note": ("Ghi chú phí", "Fee note"),
    "col.field": ("Lĩnh vực", "Field"),
    "col.form": ("Loại bản", "Form"),
    "col.gender": ("Giới tính", "Gender"),
    "col.history": ("Lịch sử xử lý", "History"),
    "col.holiday": ("Ngày lễ", "Holiday"),
    "col.in_person": ("Phải đến trực tiếp", "Must come in person"),
    "col.key": ("Khóa", "Key"),
    "col.kind": ("Loại", "Kind"),
    "col.missing": ("Còn thiếu", "Missing"),
    "col.name": ("Họ và tên", "Name"),
    "col.note": ("Ghi chú", "Note"),
    "col.online": ("Dịch vụ công trực tuyến", "Online service"),
    "col.personal_id": ("Số định danh", "Personal ID"),
    "col.phone": ("Điện thoại", "Phone"),
    "col.procedure": ("Thủ tục", "Procedure"),
    "col.received": ("Tiếp nhận lúc", "Received"),
    "col.required": ("Bắt buộc", "Required"),
    "col.result": ("Kết quả", "Result"),
    "col.source": ("Nguồn", "Source"),
    "col.state": ("Tình trạng", "State"),
    "col.status": ("Trạng thái", "Status"),
    "col.time": ("Thời hạn", "Time limit"),
    "col.time_at": ("Thời điểm", "When"),
    # --- value labels
    "status.0": ("Nháp", "Draft"),
    "status.1": ("Mới đăng ký", "Registered"),
    "status.2": ("Được tiếp nhận", "Received"),
    "status.3": ("Không được tiếp nhận", "Not received"),
    "status.4": ("Đang xử lý", "Processing"),
    "status.5": ("Yêu cầu bổ sung giấy tờ", "Supplement requested"),
    "status.6": ("Yêu cầu thực hiện nghĩa vụ tài chính", "Payment requested"),
    "status.7": ("Công dân yêu cầu rút hồ sơ", "Withdrawn by the citizen"),
    "status.8": ("Dừng xử lý", "Stopped"),
    "status.9": ("Đã xử lý xong", "Done"),
    "status.10": ("Đã trả kết quả", "Returned"),
    "channel.direct": ("Trực tiếp tại bộ phận một cửa", "In person at the desk"),
    "channel.online": ("Trực tuyến", "Online"),
    "channel.post": ("Qua bưu chính công ích", "By public postal service"),
    "delivery.desk": ("Tại bộ phận một cửa", "At the desk"),
    "delivery.post": ("Qua bưu chính công ích", "By public postal service"),
    "delivery.online": ("Trực tuyến", "Online"),
    "form.original": ("Bản chính", "Original"),
    "form.copy": ("Bản sao", "Copy"),
    "form.either": ("Bản chính hoặc bản sao", "Original or copy"),
    "gender.male": ("Nam", "Male"),
    "gender.female": ("Nữ", "Female"),
    "online.full": ("Toàn trình", "Fully online"),
    "online.partial": ("Một phần", "Partly online"),
    "online.none": ("Không", "No"),
    "fee.free": ("Miễn phí", "Free"),
    "fee.unknown": ("Theo mức HĐND tỉnh (cơ quan cần nhập vào danh mục riêng)", "Set by the provincial council (enter it in the office catalogue)"),
    "fee.mode.before": ("thu trước", "paid before"),
    "fee.mode.after": ("thu khi trả kết quả", "paid on return"),
    "fee.mode.exempt": ("miễn", "exempt"),
    "days.same_day": ("Trong ngày (nhận sau 15:00 thì trả ngày làm việc kế tiếp)", "Same day (after 15:00: next working day)"),
    "days.n": ("{n} ngày làm việc", "{n} working days"),
    "doc.presented": ("Đã xuất trình bản chính", "Original presented"),
    "doc.missing": ("CHƯA CÓ", "MISSING"),
    # --- office
    "office.title": ("Cơ quan", "Office"),
    "office.name": ("Tên cơ quan", "Name"),
    "office.agency_id": ("Mã định danh điện tử", "Agency identifier"),
    "office.address": ("Địa chỉ", "Address"),
    "office.phone": ("Điện thoại", "Phone"),
    "office.hint": (
        "Chưa khai báo cơ quan. Ví dụ: dvc-cli office set --name \"UBND xã Lương Phong\" --agency-id 000.17.22.H56",
        "The office is not set up yet. For example: dvc-cli office set --name \"UBND xã Lương Phong\" --agency-id 000.17.22.H56",
    ),
    "office.not_set": (
        "Chưa khai báo tên và mã định danh của cơ quan, nên chưa cấp được mã hồ sơ. Hãy chạy: dvc-cli office set --name \"…\" --agency-id 000.17.22.H56",
        "The office's name and agency identifier are not set, so no receipt code can be issued. Run: dvc-cli office set --name \"…\" --agency-id 000.17.22.H56",
    ),
    "office.nothing": ("Không có gì để lưu: hãy cho ít nhất một trong --name, --agency-id, --address, --phone.", "Nothing to store: give at least one of --name, --agency-id, --address, --phone."),
    "office.bad_agency_id": (
        "Mã định danh “{value}” không đúng dạng (chữ số, chữ in hoa và dấu chấm, ví dụ 000.17.22.H56).",
        "The agency identifier “{value}” is malformed (digits, capitals and dots, e.g. 000.17.22.H56).",
    ),
    # --- input
    "usage.no_such_option": ("Lệnh này không có tùy chọn {option}. Xem các tùy chọn: thêm --help vào cuối lệnh.", "This command has no option {option}. See its options: add --help to the command."),
    "usage.missing": ("Thiếu {param}. Xem cách dùng: thêm --help vào cuối lệnh.", "{param} is missing. See the usage: add --help to the command."),
    "usage.other": ("Lệnh gõ chưa đúng: {detail} Xem cách dùng: thêm --help vào cuối lệnh.", "The command is not right: {detail} See the usage: add --help to the command."),
    "flags.missing": ("Thiếu thông tin bắt buộc: {flags}.", "Missing required options: {flags}."),
    "field.empty": ("Trường “{field}” không được để trống.", "“{field}” must not be empty."),
    "field.too_long": ("Trường “{field}” dài quá {limit} ký tự.", "“{field}” is longer than {limit} characters."),
    "field.choice": ("“{value}” không hợp lệ cho {field}; chọn một trong: {choices}.", "“{value}” is not valid for {field}; choose one of: {choices}."),
    "status.unknown": ("Không có trạng thái “{value}”. Các trạng thái: {choices} (hoặc số 0–10).", "There is no state “{value}”. States: {choices} (or 0–10)."),
    "now.invalid": ("DVC_NOW=“{value}” không phải thời điểm ISO (ví dụ 2026-11-20T09:15:00).", "DVC_NOW=“{value}” is not an ISO time (e.g. 2026-11-20T09:15:00)."),
    "db.unusable": ("Không mở được cơ sở dữ liệu {path}: {reason}. Kiểm tra đường dẫn --db / DVC_DB.", "Cannot open the database {path}: {reason}. Check --db / DVC_DB."),
    "interrupted": ("Đã dừng theo yêu cầu.", "Interrupted."),
    "unexpected": (
        "Lỗi không mong đợi, dữ liệu không bị thay đổi. Chạy lại với DVC_DEBUG=1 để xem chi tiết và báo cho người phụ trách kỹ thuật.",
        "Unexpected error; nothing was changed. Run again with DVC_DEBUG=1 for details and tell your technical contact.",
    ),
    # --- citizens
    "citizen.not_found": ("Không tìm thấy công dân. Tìm bằng: dvc-cli citizen find <tên hoặc số>", "No such citizen. Search with: dvc-cli citizen find <name or number>"),
    "citizen.exists": ("Đã có công dân mang số định danh {masked} (#{number}). Xem: dvc-cli citizen show {number}", "A citizen with ID {masked} already exists (#{number}). See: dvc-cli citizen show {number}"),
    "citizen.similar": ("đã có công dân #{number} cùng họ tên và ngày sinh nhưng khác số định danh — kiểm tra có trùng người không: dvc-cli citizen show {number}", "citizen #{number} has the same name and date of birth but another ID — check it is not the same person: dvc-cli citizen show {number}"),
    "citizen.added": ("Đã đăng ký công dân #{number}.", "Citizen #{number} registered."),
    "citizen.nothing": ("Không có gì để sửa: hãy cho ít nhất một trường mới (--name, --phone, …).", "Nothing to change: give at least one new value (--name, --phone, …)."),
    # --- files
    "file.missing": ("Không có tệp {path}.", "There is no file {path}."),
    "file.not_regular": ("{path} không phải là một tệp thường.", "{path} is not a regular file."),
    "file.empty": ("Tệp {path} rỗng.", "The file {path} is empty."),
    "file.too_big": ("Tệp {path} nặng {size_mb} MB, quá giới hạn {limit_mb} MB.", "The file {path} is {size_mb} MB, over the {limit_mb} MB limit."),
    "file.unreadable": ("Không đọc được tệp {path}.", "The file {path} cannot be read."),
    "file.type": ("Tệp {path} không phải PDF, JPEG hay PNG (kiểm tra theo nội dung, không theo tên).", "The file {path} is not a PDF, JPEG or PNG (checked by its content, not its name)."),
    # --- dossiers
    "dossier.bad_ref": ("“{ref}” không phải mã hồ sơ (ví dụ 000.17.22.H56-261123-0001) hay số nháp (ví dụ 12).", "“{ref}” is neither a receipt code (e.g. 000.17.22.H56-261123-0001) nor a draft number (e.g. 12)."),
    "dossier.not_found": ("Không tìm thấy hồ sơ “{ref}”.", "No dossier “{ref}”."),
    "dossier.agency": ("Cơ quan “{agency}” không giải quyết thủ tục này; chọn một trong: {choices}.", "Agency “{agency}” does not handle this procedure; choose one of: {choices}."),
    "dossier.locked": ("Hồ sơ đang ở trạng thái “{status}”, không thể thay đổi giấy tờ.", "The dossier is “{status}”; its papers can no longer be changed."),
    "dossier.incomplete": ("Hồ sơ còn thiếu giấy tờ bắt buộc: {missing}. Đính kèm (dossier attach) hoặc ghi nhận đã xuất trình (--presented KEY).", "Required papers are missing: {missing}. Attach them (dossier attach) or mark them presented (--presented KEY)."),
    "dossier.changed": ("Hồ sơ {ref} vừa được một máy khác chuyển trạng thái; không thay đổi gì. Xem lại: dvc-cli dossier show {ref}", "Dossier {ref} was just moved from another terminal; nothing changed. Look again: dvc-cli dossier show {ref}"),
    "dossier.opened": ("Đã mở hồ sơ nháp số {number}.", "Draft dossier {number} opened."),
    "dossier.attached": ("Đã đính kèm cho “{key}”.", "Attached to “{key}”."),
    "dossier.already_attached": ("Tệp này đã được đính kèm cho “{key}”, không thêm lần nữa.", "That file is already attached to “{key}”; not added again."),
    "dossier.detached": ("Đã gỡ {n} tệp của “{key}”.", "Removed {n} file(s) from “{key}”."),
    "dossier.submitted": ("Đã tiếp nhận. Mã hồ sơ: {code} — hẹn trả ngày {due}.", "Received. Receipt code: {code} — result due {due}."),
    "dossier.moved": ("Đã chuyển sang “{status}”.", "Moved to “{status}”."),
    "dossier.overdue": ("quá hạn", "overdue"),
    "dossier.days_left": ("còn {n} ngày", "{n} days left"),
    "document.unknown": ("Thủ tục này không có giấy tờ “{key}”; các khóa hợp lệ: {choices}.", "This procedure has no paper “{key}”; valid keys: {choices}."),
    "attach.spec": ("“{spec}” không đúng dạng KEY=ĐƯỜNG_DẪN (ví dụ giay_chung_sinh=scan.pdf).", "“{spec}” is not KEY=PATH (e.g. giay_chung_sinh=scan.pdf)."),
    "attachment.none": ("Giấy tờ “{key}” chưa có tệp đính kèm nào.", "Nothing is attached to “{key}”."),
    "move.not_allowed": ("Không thể chuyển hồ sơ từ “{current}” sang “{target}”. Được phép: {allowed}.", "A dossier cannot move from “{current}” to “{target}”. Allowed: {allowed}."),
    "move.none": ("không còn bước nào (trạng thái cuối)", "none (final state)"),
    # --- VietQR (rules/vietqr.py)
    "vietqr.bin": ("Mã BIN ngân hàng “{value}” phải gồm 6 chữ số (ví dụ 970436).", "The bank BIN “{value}” must be 6 digits (e.g. 970436)."),
    "vietqr.account": ("Số tài khoản chỉ gồm chữ và số, tối đa 19 ký tự.", "The account number must be letters and digits, at most 19 characters."),
    "vietqr.amount": ("Số tiền {value} không hợp lệ: phải là số nguyên dương (đồng).", "The amount {value} is not valid: it must be a positive whole number of dong."),
    "vietqr.too_long": ("Trường {tag} của mã VietQR dài quá 99 ký tự.", "VietQR field {tag} is longer than 99 characters."),
    "vietqr.crc": ("Mã VietQR sai mã kiểm tra (CRC).", "The VietQR payload has a wrong checksum (CRC)."),
    "vietqr.malformed": ("Mã VietQR không đúng cấu trúc TLV.", "The VietQR payload is not valid TLV."),
    # --- calendar
    "calendar.national": ("Ngày lễ quốc gia {year}", "National holidays {year}"),
    "calendar.office": ("Ngày riêng của cơ quan {year}", "Office exceptions {year}"),
    "calendar.off": ("Nghỉ", "Day off"),
    "calendar.work": ("Làm việc", "Working day"),
    "calendar.set_off": ("Đã ghi {day} là ngày nghỉ của cơ quan.", "{day} is now an office day off."),
    "calendar.set_work": ("Đã ghi {day} là ngày làm việc.", "{day} is now a working day."),
}
