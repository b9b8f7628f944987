"""Use-cases that change things: the office, citizens, dossiers and their lifecycle, the calendar.

Every entrance (flag commands, the wizard, importers, bundles) calls these; no rule lives in an
entrance. Each use-case validates everything first, then writes inside one transaction, so a
refused command changes nothing. The modules: `fields` (free text and choices), `office`,
`citizens`, `drafts` (a dossier before receipt) and `lifecycle` (receipt, moves, notices).
"""

from dvc_cli.intake.citizens import (
    CHECKED_FIELDS,
    CitizenChecks,
    NewCitizen,
    check_citizen,
    edit_citizen,
    register_citizen,
)
from dvc_cli.intake.drafts import (
    CHANNELS,
    DELIVERIES,
    DraftChanges,
    attach,
    detach,
    draft,
    edit_draft,
    open_dossier,
    parse_attach,
    save_wizard_step,
)
from dvc_cli.intake.fields import check_choice, check_text
from dvc_cli.intake.lifecycle import NOTICE_OF, move, reschedule, submit
from dvc_cli.intake.office import (
    BANK_FIELDS,
    OFFICE_FIELDS,
    PAPERS,
    ROLES,
    SLIP_MODES,
    SLIP_SETTINGS,
    office_setting,
    set_calendar_day,
    set_office,
)

__all__ = [
    "BANK_FIELDS", "CHANNELS", "DELIVERIES", "NOTICE_OF", "OFFICE_FIELDS", "PAPERS", "ROLES", "SLIP_MODES",
    "SLIP_SETTINGS", "CHECKED_FIELDS", "CitizenChecks", "DraftChanges", "NewCitizen", "attach", "check_choice",
    "check_citizen", "check_text",
    "detach", "draft", "edit_citizen", "edit_draft", "move", "office_setting", "open_dossier", "parse_attach",
    "register_citizen", "reschedule", "save_wizard_step", "set_calendar_day", "set_office", "submit",
]
