"""Counting a proposal's votes: a pure function of the choices, so the same rule
decides every proposal and a test can check it against a count of its own.

Quorum: at least ``quorum_percent`` of the electorate took part (abstaining counts as
taking part); a proposal nobody voted on never passes, even with a quorum of 0 %.
Consent passes with a quorum and no block; concerns are recorded and do not stop it.
Majority passes with a quorum when the yes votes clear the threshold of the yes and no
votes (abstentions do not count either way): more than half, or at least two thirds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

CONSENT = "consent"
MAJORITY = "majority"
CONSENT_CHOICES = ("agree", "abstain", "concern", "block")
MAJORITY_CHOICES = ("yes", "no", "abstain")
SIMPLE = "simple"
TWO_THIRDS = "two_thirds"
THRESHOLDS = {SIMPLE: Fraction(1, 2), TWO_THIRDS: Fraction(2, 3)}

PASSED = "passed"
NO_QUORUM = "no_quorum"
BLOCKED = "blocked"
BELOW_THRESHOLD = "below_threshold"


@dataclass(frozen=True)
class Tally:
    counts: dict[str, int]
    electorate: int
    took_part: int
    quorum_needed: int
    passed: bool
    reason: str

    def as_json(self) -> dict:
        return {
            "counts": self.counts,
            "electorate": self.electorate,
            "took_part": self.took_part,
            "quorum_needed": self.quorum_needed,
        }


def quorum_needed(electorate: int, quorum_percent: int) -> int:
    """The smallest whole number of people that is at least the share (ceiling)."""
    return -(-electorate * quorum_percent // 100)


def count(*, process: str, threshold: str, quorum_percent: int, electorate: int, choices) -> Tally:
    counter = Counter(choices)
    names = CONSENT_CHOICES if process == CONSENT else MAJORITY_CHOICES
    counts = {name: counter.get(name, 0) for name in names}
    took_part = sum(counts.values())
    needed = quorum_needed(electorate, quorum_percent)
    if took_part < needed or took_part == 0:
        reason = NO_QUORUM
    elif process == CONSENT:
        reason = BLOCKED if counts["block"] else PASSED
    else:
        decided = counts["yes"] + counts["no"]
        share = THRESHOLDS[threshold]
        clears = decided > 0 and (
            Fraction(counts["yes"], decided) > share
            if threshold == SIMPLE
            else Fraction(counts["yes"], decided) >= share
        )
        reason = PASSED if clears else BELOW_THRESHOLD
    return Tally(counts, electorate, took_part, needed, reason == PASSED, reason)
