import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    """One file per message in SMS_FILE_PATH (the development outbox, var/outbox/)."""

    def __init__(self, file_path=None, **kwargs):
        self.path = Path(file_path or settings.SMS_FILE_PATH)

    def send_messages(self, messages) -> int:
        self.path.mkdir(parents=True, exist_ok=True)
        for message in messages:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            name = self.path / f"sms-{stamp}-{uuid.uuid4().hex[:8]}.txt"
            name.write_text(f"To: {message.to}\n\n{message.body}\n", encoding="utf-8")
        return len(messages)
