class BaseSmsBackend:
    """Send a list of SmsMessage; raise members.sms.SmsError when one fails."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages) -> int:
        raise NotImplementedError
