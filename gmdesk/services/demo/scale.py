"""How big the demo county is: the small one to try gmdesk on, the large one to benchmark it."""

from __future__ import annotations

from dataclasses import dataclass, field

from gmdesk.domain.enums import AccountState


@dataclass(frozen=True)
class Scale:
    name: str
    years: int
    townships: int
    departments: int
    institutions: int
    per_town_institutions: bool
    accounts: int
    messages: int
    post_factor: float
    """Multiplies every account's posting rate (the large county posts harder, to reach a million posts)."""
    states: dict[AccountState, int]
    """How many accounts are in each state other than RUNNING."""
    scenarios: dict[str, int] = field(default_factory=dict)
    """How many running accounts act out each deliberate problem (see accounts.SCENARIOS)."""
    repost_tasks: int = 8
    day_notes: int = 6
    rectifications: int = 6
    incidents: int = 2
    staff_changes: float = 0.25
    """Share of units whose 管理员 or 分管负责人 changes within the period."""
    chunk_rows: int = 20_000
    """Rows buffered before one bulk INSERT."""


SMALL = Scale(
    name="small",
    years=2,
    townships=8,
    departments=15,
    institutions=2,
    per_town_institutions=False,
    accounts=60,
    messages=1_000,
    post_factor=1.0,
    states={
        AccountState.PROPOSED: 1,
        AccountState.APPLYING: 1,
        AccountState.APPROVED: 1,
        AccountState.OPENED: 3,
        AccountState.CLOSING: 1,
        AccountState.CANCELED: 1,
        AccountState.CLOSED: 2,
    },
    scenarios={
        "gap_soon": 1,
        "gap_over": 1,
        "zombie": 1,
        "lazy": 2,
        "no_interaction": 2,
        "mismatch": 2,
        "push_breach_sub": 1,
        "push_breach_svc": 1,
    },
)

LARGE = Scale(
    name="large",
    years=5,
    townships=45,
    departments=40,
    institutions=20,
    per_town_institutions=True,
    accounts=500,
    messages=200_000,
    post_factor=2.8,
    states={
        AccountState.PROPOSED: 4,
        AccountState.APPLYING: 4,
        AccountState.APPROVED: 4,
        AccountState.OPENED: 15,
        AccountState.CLOSING: 6,
        AccountState.CANCELED: 5,
        AccountState.CLOSED: 20,
    },
    scenarios={
        "gap_soon": 8,
        "gap_over": 10,
        "zombie": 6,
        "lazy": 15,
        "no_interaction": 6,
        "mismatch": 10,
        "push_breach_sub": 3,
        "push_breach_svc": 2,
    },
    repost_tasks=30,
    day_notes=25,
    rectifications=50,
    incidents=12,
)

SCALES: dict[str, Scale] = {s.name: s for s in (SMALL, LARGE)}
