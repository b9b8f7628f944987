"""Sentences of the guided intake (wizard), the main menu, prompts for missing flags and draft edits."""

# key: (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # --- editing a draft (intake.edit_draft, `dossier edit`)
    "dossier.not_draft": ("Hồ sơ đã được tiếp nhận (trạng thái “{status}”); chỉ sửa được hồ sơ nháp hoặc mới đăng ký.", "The dossier has been received (state “{status}”); only drafts and newly registered dossiers can be edited."),
    "dossier.nothing": ("Không có gì để sửa: hãy cho ít nhất một tùy chọn (--citizen, --procedure, --agency, --channel, --delivery, --address, --presented, --not-presented).", "Nothing to change: give at least one option (--citizen, --procedure, --agency, --channel, --delivery, --address, --presented, --not-presented)."),
    "dossier.address_needed": ("Trả kết quả qua bưu điện cần địa chỉ nhận: công dân chưa có địa chỉ, hãy nhập --address.", "A result by post needs an address: the citizen has none on record, give --address."),
    "dossier.edited": ("Đã cập nhật hồ sơ nháp.", "Draft updated."),
    "col.delivery_address": ("Địa chỉ nhận kết quả", "Result address"),
}
