"""The governance app's models, one module per noun: proposals (with their votes and
comments), decisions (the decision log and its announcements) and meetings (agenda,
attendance, minutes and action points)."""

from .circles import CircleMember, Reading, StudyCircle
from .decisions import Announcement, Decision
from .meetings import ActionPoint, AgendaItem, Attendance, Meeting, MeetingSeries
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
    "ActionPoint",
    "CircleMember",
    "Reading",
    "StudyCircle",
    "AgendaItem",
    "Attendance",
    "Meeting",
    "MeetingSeries",
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
