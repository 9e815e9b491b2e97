"""The provider's webhooks: texts people send us, and the status of texts we sent.

Both refuse any request without a valid provider signature (403, nothing stored).
A text is stored, then acted on once, then answered; the answer goes through the
REST API (``send_sms``, which asks the opt-out ledger) and the webhook answers with an
empty TwiML document, so a retried webhook never sends a second answer.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

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
