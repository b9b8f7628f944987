"""Sentences of batch imports, exports, bundles and the field-device role (issue 5)."""

# key: (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # --- reading files (transfer/tables.py)
    "import.too_big": ("Tệp {path} lớn quá {limit_mb} MB.", "The file {path} is larger than {limit_mb} MB."),
    "import.binary": (
        "Tệp {path} không phải tệp văn bản CSV/JSONL (có byte nhị phân). Nếu là tệp Excel, hãy lưu dạng .xlsx hoặc dùng --format xlsx.",
        "The file {path} is not a CSV/JSONL text file (it holds binary bytes). If it is an Excel file, save it as .xlsx or use --format xlsx.",
    ),
    "import.encoding": (
        "Tệp {path} không phải UTF-8 (dòng {line}). Trong Excel chọn Lưu thành “CSV UTF-8 (Comma delimited)”.",
        "The file {path} is not UTF-8 (line {line}). In Excel choose Save as “CSV UTF-8 (Comma delimited)”.",
    ),
    "import.field_huge": (
        "Dòng {line}: có một ô dài quá {limit_kb} KB; tệp không giống bảng dữ liệu công dân/hồ sơ.",
        "Line {line}: a cell is longer than {limit_kb} KB; this does not look like a table of citizens or dossiers.",
    ),
    "import.csv": ("Dòng {line}: tệp CSV không đọc được ({detail}).", "Line {line}: the CSV file cannot be read ({detail})."),
    "import.xlsx": (
        "Không đọc được tệp Excel {path} (hỏng hoặc không phải .xlsx).",
        "The Excel file {path} cannot be read (damaged, or not .xlsx).",
    ),
    "import.json_line": ("Dòng này không phải JSON hợp lệ.", "This line is not valid JSON."),
    "import.json_object": ("Mỗi dòng phải là một đối tượng JSON {{…}}.", "Each line must be a JSON object {{…}}."),
    "import.json_value": (
        "Cột “{column}” chứa danh sách/đối tượng; chỉ chấp nhận chữ, số hoặc null.",
        "Column “{column}” holds a list or object; only text, numbers or null are accepted.",
    ),
    "import.column_twice": (
        "Hai cột “{first}” và “{second}” cùng là trường {column}; hãy bỏ một cột.",
        "Columns “{first}” and “{second}” are both the field {column}; remove one.",
    ),
    "import.columns_missing": (
        "Tệp thiếu cột bắt buộc: {missing}. Tên cột được chấp nhận (tiếng Việt hoặc tiếng Anh): {expected}.",
        "The file lacks required columns: {missing}. Accepted column names (Vietnamese or English): {expected}.",
    ),
    # --- rows (transfer/importer.py)
    "import.extra_cells": ("Dòng có nhiều ô hơn số cột tiêu đề.", "The row has more cells than the header has columns."),
    "import.formula": (
        "Ô “{column}” bắt đầu bằng =, +, - hoặc @ như một công thức bảng tính; hãy nhập chữ bình thường.",
        "Cell “{column}” starts with =, +, - or @ like a spreadsheet formula; type plain text.",
    ),
    "import.duplicate_in_file": (
        "Số định danh này đã có ở dòng {first} của tệp với thông tin khác.",
        "This ID number is already on line {first} of the file, with other details.",
    ),
    "import.citizen_differs": (
        "Đã có công dân #{number} cùng số định danh nhưng khác: {fields} (--on-conflict fail).",
        "Citizen #{number} has this ID number with other details: {fields} (--on-conflict fail).",
    ),
    "import.attachment_outside": (
        "Tệp đính kèm “{path}” phải nằm trong thư mục của tệp nhập (đường dẫn tương đối, không “..”).",
        "The attachment “{path}” must be inside the import file's folder (a relative path, no “..”).",
    ),
    "import.duplicate_ref": ("Mã tham chiếu này đã có ở dòng {first} của tệp.", "This reference is already on line {first} of the file."),
    "import.dossier_exists": (
        "Hồ sơ mã tham chiếu “{ref}” đã được nhập trước đây (--on-conflict fail).",
        "The dossier with reference “{ref}” was imported before (--on-conflict fail).",
    ),
    "import.status": (
        "Trạng thái “{value}” không nhập được: chỉ draft (nháp) hoặc received (tiếp nhận).",
        "Status “{value}” cannot be imported: only draft or received.",
    ),
    "import.draft_extra": (
        "Hồ sơ nháp không có giấy tờ xuất trình hay thời điểm tiếp nhận; bỏ các ô đó hoặc đặt trạng thái received.",
        "A draft has no papers presented and no time of receipt; clear those cells or set the status to received.",
    ),
    # --- import command
    "import.progress.citizens": ("Nhập công dân", "Importing citizens"),
    "import.progress.dossiers": ("Nhập hồ sơ", "Importing dossiers"),
    "import.title.citizens": ("Nhập công dân từ {file}", "Citizens from {file}"),
    "import.title.dossiers": ("Nhập hồ sơ từ {file}", "Dossiers from {file}"),
    "import.count.rows": ("Số dòng", "Rows"),
    "import.count.added": ("Thêm mới", "Added"),
    "import.count.updated": ("Cập nhật", "Updated"),
    "import.count.unchanged": ("Đã có, không đổi", "Already there, unchanged"),
    "import.count.skipped": ("Bỏ qua", "Skipped"),
    "import.count.rejected": ("Bị từ chối", "Rejected"),
    "import.col.line": ("Dòng", "Line"),
    "import.col.reason": ("Lý do", "Reason"),
    "import.unknown_columns": ("bỏ qua các cột không dùng đến: {columns}", "ignored columns not used: {columns}"),
    "import.rejected_lines": ("{n} dòng bị từ chối, ở các dòng: {lines}", "{n} rows rejected, on lines: {lines}"),
    "import.errors_hint": (
        "xem lý do từng dòng: chạy lại với --errors loi.csv",
        "for each row's reason, run again with --errors errors.csv",
    ),
    "import.dry_run": ("Chạy thử: không thay đổi gì.", "Dry run: nothing was changed."),
    "import.written": ("Đã nhập xong.", "Import done."),
    "import.nothing_written": (
        "Không ghi gì vì có dòng bị từ chối. Sửa các dòng đó rồi chạy lại, hoặc thêm --partial để ghi các dòng hợp lệ.",
        "Nothing was written because some rows were rejected. Fix them and run again, or add --partial to write the good rows.",
    ),
    # --- export
    "export.folder": ("Không có thư mục để ghi {path}.", "There is no folder to write {path} in."),
    "export.xlsx_needs_file": ("Tệp Excel phải ghi ra tệp: thêm -o TỆP.xlsx.", "An Excel file must go to a file: add -o FILE.xlsx."),
    "export.json_needs_file": (
        "--json in bản tóm tắt, nên cần -o TỆP cho dữ liệu.",
        "--json prints a summary, so the data needs -o FILE.",
    ),
    "export.status_citizens": ("--status chỉ dùng cho hồ sơ và sổ theo dõi.", "--status applies to dossiers and the book only."),
    "export.done": ("Đã xuất {n} dòng ra {file}.", "Exported {n} rows to {file}."),
    "export.col.uid": ("Mã định danh bản ghi", "Record uid"),
    "export.col.no": ("STT", "No."),
    "export.col.status_code": ("Mã trạng thái", "State code"),
    "export.col.procedure_code": ("Mã thủ tục", "Procedure code"),
    "export.col.agency_code": ("Mã cơ quan", "Agency code"),
    "export.col.external_ref": ("Mã tham chiếu", "Reference"),
    "export.col.created": ("Tạo lúc", "Created"),
    "export.col.updated": ("Cập nhật lúc", "Updated"),
    "export.col.done": ("Xử lý xong", "Done"),
    "export.col.returned": ("Đã trả kết quả", "Returned"),
    "export.col.processing": ("Chuyển xử lý", "Sent for processing"),
    "export.col.closed": ("Kết thúc lúc", "Closed"),
    "export.col.fee": ("Phí, lệ phí (đồng)", "Fee (VND)"),
    "export.col.timing": ("Kết quả (trước/đúng/quá hạn)", "Result (early/on time/late)"),
    "timing.early": ("Trước hạn", "Early"),
    "timing.on_time": ("Đúng hạn", "On time"),
    "timing.late": ("Quá hạn", "Late"),
    "timing.pending": ("Đang giải quyết", "In progress"),
    "timing.overdue": ("Đang quá hạn", "Overdue"),
    "timing.closed": ("Không giải quyết", "Closed without result"),
    # --- bundles
    "bundle.title": ("Gói dữ liệu {file}", "Bundle {file}"),
    "bundle.count.citizens": ("Công dân", "Citizens"),
    "bundle.count.dossiers": ("Hồ sơ", "Dossiers"),
    "bundle.count.files": ("Tệp đính kèm", "Attached files"),
    "bundle.count.citizens_added": ("Công dân thêm mới", "Citizens added"),
    "bundle.count.citizens_updated": ("Công dân cập nhật", "Citizens updated"),
    "bundle.count.dossiers_added": ("Hồ sơ thêm mới", "Dossiers added"),
    "bundle.count.dossiers_updated": ("Hồ sơ cập nhật", "Dossiers updated"),
    "bundle.count.unchanged": ("Đã có, không đổi", "Already there, unchanged"),
    "bundle.count.kept": ("Giữ bản của bộ phận một cửa", "Desk's version kept"),
    "bundle.since": ("Thay đổi từ", "Changes since"),
    "bundle.since_all": ("toàn bộ (gói đầu tiên)", "everything (first bundle)"),
    "bundle.exported": (
        "Đã đóng gói vào {file}. Mang tệp này đến bộ phận một cửa: dvc-cli bundle import TỆP",
        "Bundle written to {file}. Take it to the desk: dvc-cli bundle import FILE",
    ),
    "bundle.imported": ("Đã nhận gói dữ liệu.", "Bundle merged."),
    "bundle.registered_hint": (
        "{n} hồ sơ “Mới đăng ký” chờ tiếp nhận: dvc-cli dossier list --status registered, rồi dvc-cli dossier submit SỐ",
        "{n} dossiers are “Registered” and wait for intake: dvc-cli dossier list --status registered, then dvc-cli dossier submit NUMBER",
    ),
    "bundle.kept": (
        "{n} hồ sơ đã được bộ phận một cửa xử lý tiếp nên giữ nguyên; thay đổi sau đó trên máy lưu động không được áp dụng.",
        "{n} dossiers were already taken further at the desk and were kept as they are; later changes on the field device were not applied.",
    ),
    "bundle.not_zip": ("{path} không phải gói dữ liệu dvc-cli (.zip).", "{path} is not a dvc-cli bundle (.zip)."),
    "bundle.bad_path": (
        "Gói dữ liệu bị từ chối: chứa đường dẫn không an toàn “{name}” (tuyệt đối, “..” hoặc liên kết).",
        "Bundle refused: it holds an unsafe path “{name}” (absolute, “..” or a link).",
    ),
    "bundle.unexpected": ("Gói dữ liệu bị từ chối: có tệp lạ “{name}”.", "Bundle refused: it holds an unexpected file “{name}”."),
    "bundle.manifest": ("Gói dữ liệu bị từ chối: bản kê (manifest.json) thiếu hoặc hỏng ({detail}).", "Bundle refused: its manifest (manifest.json) is missing or damaged ({detail})."),
    "bundle.version": ("Gói dữ liệu định dạng {version} không được hỗ trợ; hãy cập nhật dvc-cli.", "Bundle format {version} is not supported; update dvc-cli."),
    "bundle.checksum": (
        "Gói dữ liệu bị từ chối: tệp “{name}” không khớp mã kiểm tra sha256 trong bản kê (đã bị sửa hoặc hỏng). Không thay đổi gì.",
        "Bundle refused: “{name}” does not match its sha256 in the manifest (altered or damaged). Nothing was changed.",
    ),
    "bundle.missing_member": ("Gói dữ liệu bị từ chối: thiếu tệp “{name}” có trong bản kê.", "Bundle refused: “{name}” is listed in the manifest but missing."),
    "bundle.too_big": ("Gói dữ liệu bị từ chối: “{name}” lớn bất thường.", "Bundle refused: “{name}” is abnormally large."),
    "bundle.record": (
        "Gói dữ liệu bị từ chối: bản ghi {what} thứ {number} không hợp lệ: {reason}",
        "Bundle refused: {what} record {number} is not valid: {reason}",
    ),
    "bundle.missing_file": (
        "Gói dữ liệu bị từ chối: hồ sơ cần tệp {sha} nhưng gói không có và máy này cũng chưa có. Trên máy lưu động hãy xuất lại với --since sớm hơn.",
        "Bundle refused: a dossier needs file {sha}, which is neither in the bundle nor on this machine. Export again on the field device with an earlier --since.",
    ),
    "bundle.code_clash": (
        "Gói dữ liệu bị từ chối: mã hồ sơ {code} đã thuộc một hồ sơ khác trên máy này.",
        "Bundle refused: receipt code {code} already belongs to another dossier here.",
    ),
    # --- field devices
    "office.role": ("Vai trò máy", "Device role"),
    "role.desk": ("Bộ phận một cửa (cấp mã hồ sơ)", "Desk (issues receipt codes)"),
    "role.field": ("Máy lưu động (chỉ đăng ký hồ sơ, không cấp mã)", "Field device (lodges dossiers, issues no codes)"),
    "field.no_code": (
        "Máy lưu động không cấp mã hồ sơ; hồ sơ “{status}” sẽ được tiếp nhận tại bộ phận một cửa (dvc-cli bundle export).",
        "A field device issues no receipt codes; the “{status}” dossier is taken in at the desk (dvc-cli bundle export).",
    ),
    "dossier.lodged": (
        "Đã đăng ký hồ sơ số {number} (Mới đăng ký, chưa có mã). Bộ phận một cửa sẽ cấp mã khi tiếp nhận.",
        "Dossier {number} lodged (Registered, no code yet). The desk issues the code when it takes it in.",
    ),
}
