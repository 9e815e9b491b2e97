"""The governance app's models, one module per noun: proposals (with their votes and
comments) and decisions (the decision log and its announcements)."""

from .decisions import Announcement, Decision
from .proposals import (
    BallotCast,
    Comment,
    CommentRevision,
    GovernanceSettings,
    Proposal,
    SecretChoice,
    Vote,
    VotingClosedError,
)

__all__ = [
    "Announcement",
    "BallotCast",
    "Comment",
    "CommentRevision",
    "Decision",
    "GovernanceSettings",
    "Proposal",
    "SecretChoice",
    "Vote",
    "VotingClosedError",
]
