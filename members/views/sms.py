"""The provider's webhooks: texts people send us, and the status of texts we sent.

Both refuse any request without a valid provider signature (403, nothing stored).
A text is stored, then acted on once, then answered; the answer goes through the
REST API (``send_sms``, which asks the opt-out ledger) and the webhook answers with an
empty TwiML document, so a retried webhook never sends a second answer.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..forms import TryTextReplyForm
from ..models import SmsOptOut
from ..sms import inbound
from ..sms.webhooks import is_signed_by_provider


def _empty_twiml(request: HttpRequest) -> HttpResponse:
    return render(request, "members/sms/empty_response.xml", content_type="text/xml")


@csrf_exempt  # the provider signs its requests instead
@require_POST
def sms_inbound(request: HttpRequest) -> HttpResponse:
    if not is_signed_by_provider(request):
        return HttpResponseForbidden()
    received = inbound.receive(request.POST)
    if received is not None:
        # act_on has committed: the answer goes after what it answers is saved.
        inbound.send_reply(inbound.act_on(inbound_id=received.pk))
    return _empty_twiml(request)


@csrf_exempt  # the provider signs its requests instead
@require_POST
def sms_status(request: HttpRequest) -> HttpResponse:
    if not is_signed_by_provider(request):
        return HttpResponseForbidden()
    inbound.record_status(request.POST)
    return _empty_twiml(request)


def provider_is_real() -> bool:
    return settings.SMS_BACKEND.endswith(".twilio.SmsBackend")


@login_required
def sms_try(request: HttpRequest) -> HttpResponse:
    """With the file backend (the demo), a page to text WCC as if from one's own phone:
    the text goes through the same storing and acting as the provider's webhook, and
    the answer is shown here (and written to the outbox). Gone with a real provider."""
    if provider_is_real():
        raise Http404
    form = TryTextReplyForm(request.POST if request.method == "POST" else None)
    answer = None
    if request.user.phone and form.is_valid():
        received = inbound.receive(
            {
                "MessageSid": form.cleaned_data["message_id"],
                "From": request.user.phone,
                "Body": form.cleaned_data["body"],
            }
        )
        reply = inbound.act_on(inbound_id=received.pk)
        inbound.send_reply(reply)
        answer = reply.text if reply else ""
        form = TryTextReplyForm()
    context = {
        "form": form,
        "answer": answer,
        "opted_out": SmsOptOut.objects.opted_out(request.user.phone),
    }
    return render(request, "members/sms/try.html", context)
