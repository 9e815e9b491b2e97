"""A form renderer that writes Django's common form templates in plain Python.

Why: every form field Django renders goes through four or five templates
(``django/forms/field.html``, the label, the error list, the widget and its
``attrs.html``), each rendered with a fresh ``Context``. Profiling the intake
session page (17 fields) put that at about 0.5-0.7 ms a field, a third of the
page's CPU time, and every page with a form pays it. Measured on the city-scale
bench (decomp.py, CPU per request, A/B alternating runs): the session page went
from 35-46 ms to 22-29 ms, its template render from 23-29 ms to 11-13 ms.

``FastRenderer`` (``FORM_RENDERER``) produces, for the template names below, the
same characters Django's templates produce: the same escaping (a value is
escaped unless it is safe, as ``{{ value }}`` does), the same localization of
numbers and dates in ``{{ value }}``, ``stringformat:'s'`` for attribute values,
and the same whitespace, then the same ``strip()`` as ``BaseRenderer.render``.
Any other template name, and any context it does not expect (a callable value
the template language would call, a custom option template, ...), goes to
Django's ``DjangoTemplates`` renderer unchanged.

Django's templates stay the reference: tests/wcc/test_form_renderer.py renders
every form of the project, unbound, bound and invalid, in English and Spanish,
with both renderers and requires the output to be equal. When Django changes a
template in an upgrade, or someone edits ``intake/choice_boxes.html``, that test
fails until the Python here follows.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape as _escape

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString
from django.utils.timezone import template_localtime


class _Unsupported(Exception):
    """This context is not one the fast path mirrors exactly: render the template."""


def _text(value) -> str:
    """``{{ value }}``: localized, then escaped unless safe (render_value_in_context)."""
    if type(value) is str:
        return _escape(value)
    if type(value) is SafeString:
        return value
    if callable(value):  # the template language would call it
        raise _Unsupported
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _var(mapping: dict, key: str) -> str:
    """``{{ widget.key }}``: a missing key renders as "" (string_if_invalid)."""
    if key not in mapping:
        return ""
    return _text(mapping[key])


def _stringformat(value) -> str:
    """``{{ value|stringformat:'s' }}``: str() of it, escaped unless it was safe."""
    if type(value) is str:
        return _escape(value)
    if callable(value):
        raise _Unsupported
    try:
        out = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        out = ""
    return out if isinstance(value, SafeData) else _escape(out)


def _attr_dict(attrs) -> dict:
    if attrs is None:
        return {}
    # A key "items" would shadow the method in {% for ... in attrs.items %}.
    if type(attrs) is not dict or "items" in attrs:
        raise _Unsupported
    return attrs


def _attrs(attrs) -> str:
    """``django/forms/widgets/attrs.html`` (and ``django/forms/attrs.html``)."""
    out = ""
    for name, value in _attr_dict(attrs).items():
        if value is True:
            out += " " + _text(name)
        elif value is not False:
            out += f' {_text(name)}="{_stringformat(value)}"'
    return out


def _widget(context: dict) -> dict:
    widget = context.get("widget")
    if type(widget) is not dict:
        raise _Unsupported
    return widget


# Widgets: each function returns the template's output before strip().


def _input(widget: dict) -> str:
    value = widget.get("value")
    value_attr = f' value="{_stringformat(value)}"' if value != None else ""  # noqa: E711 (as the template)
    return (
        f'<input type="{_var(widget, "type")}" name="{_var(widget, "name")}"'
        f"{value_attr}{_attrs(widget.get('attrs'))}>\n"
    )


def _input_option(widget: dict) -> str:
    wrap = widget.get("wrap_label")
    out = ""
    if wrap:
        id_ = _attr_dict(widget.get("attrs")).get("id")
        out = f'<label for="{_text(id_)}">' if id_ else "<label>"
    out += _input(widget)
    if wrap:
        out += f" {_var(widget, 'label')}</label>"
    return out + "\n"


def _choice_option(widget: dict) -> str:
    """radio_option.html and checkbox_option.html: input_option.html and a newline."""
    return _input_option(widget) + "\n"


def _select_option(widget: dict) -> str:
    value = _stringformat(widget["value"]) if "value" in widget else ""
    label = _var(widget, "label")
    return f'<option value="{value}"{_attrs(widget.get("attrs"))}>{label}</option>\n'


_OPTIONS: dict[str, Callable[[dict], str]] = {
    "django/forms/widgets/input_option.html": _input_option,
    "django/forms/widgets/radio_option.html": _choice_option,
    "django/forms/widgets/checkbox_option.html": _choice_option,
    "django/forms/widgets/select_option.html": _select_option,
}


def _option(option) -> str:
    """``{% include option.template_name with widget=option %}``."""
    if type(option) is not dict:
        raise _Unsupported
    render = _OPTIONS.get(option.get("template_name"))
    if render is None:
        raise _Unsupported
    return render(option)


def _optgroups(widget: dict) -> list:
    return widget.get("optgroups") or []


def _group_div(widget: dict) -> str:
    """The opening <div> of a checkbox or radio group: its id and class, if any."""
    attrs = _attr_dict(widget.get("attrs"))
    id_, class_ = attrs.get("id"), attrs.get("class")
    return (
        "<div"
        + (f' id="{_text(id_)}"' if id_ else "")
        + (f' class="{_text(class_)}"' if class_ else "")
        + ">"
    )


def _multiple_input(widget: dict) -> str:
    out = [_group_div(widget)]
    for group, options, _index in _optgroups(widget):
        if group:
            out.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            out.append(f"<div>\n    {_option(option)}</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


def _select(widget: dict) -> str:
    out = [f'<select name="{_var(widget, "name")}"{_attrs(widget.get("attrs"))}>']
    for group_name, group_choices, _index in _optgroups(widget):
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            out.append("\n  " + _option(option))
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _textarea(widget: dict) -> str:
    value = widget.get("value")
    return (
        f'<textarea name="{_var(widget, "name")}"{_attrs(widget.get("attrs"))}>\n'
        f"{_text(value) if value else ''}</textarea>\n"
    )


def _choice_boxes(widget: dict) -> str:
    """intake/choice_boxes.html: the intake form's checkbox groups in one template."""
    out = [_group_div(widget)]
    toggles = widget.get("toggles")
    for _group, options, _index in _optgroups(widget):
        for option in options:
            if type(option) is not dict:
                raise _Unsupported
            option_attrs = _attr_dict(option.get("attrs"))
            id_ = _var(option_attrs, "id")
            value = _stringformat(option["value"]) if "value" in option else ""
            box = (
                f'<input type="checkbox" name="{_var(option, "name")}" value="{value}"'
                f"{_attrs(option_attrs)}>"
            )
            label = _var(option, "label")
            if toggles:
                box = f'{box}<label class="toggle" for="{id_}">{label}</label>'
            else:
                box = f'<label for="{id_}">{box} {label}</label>'
            out.append(f"<div>\n    {box}</div>")
    out.append("\n</div>")
    return "".join(out)


def _widget_template(render: Callable[[dict], str], newlines: str = "") -> Callable[[dict], str]:
    """A widget template: ``render`` of the context's widget, plus the wrapping
    templates' trailing newlines (stripped in the end anyway)."""
    return lambda context: render(_widget(context)) + newlines


# Labels, errors and the field group.


def _label(context: dict) -> str:
    """``django/forms/label.html`` (label_tag and legend_tag)."""
    label = _text(context["label"]) if "label" in context else ""
    if context.get("use_tag"):
        tag = _var(context, "tag")
        return f"<{tag}{_attrs(context.get('attrs'))}>{label}</{tag}>\n"
    return label + "\n"


def _error_list(context: dict) -> str:
    """``django/forms/errors/list/ul.html`` (and default.html, which includes it)."""
    errors = context.get("errors")
    if not isinstance(errors, ErrorList):
        raise _Unsupported
    if not errors:
        return ""
    field_id = errors.field_id
    id_attr = f' id="{_text(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_text(error)}</li>" for error in errors)
    return f'<ul class="{_var(context, "error_class")}"{id_attr}>{items}</ul>'


def _field(context: dict) -> str:
    """``django/forms/field.html``: label (or legend), help text, errors, widget."""
    field = context.get("field")
    if not isinstance(field, BoundField):
        raise _Unsupported
    if field.use_fieldset:
        describedby = field.aria_describedby
        describedby = f' aria-describedby="{_text(describedby)}"' if describedby else ""
        out = [f"\n  <fieldset{describedby}>\n  "]
        if field.label:
            out.append(_text(field.legend_tag()))
    else:
        out = ["\n  "]
        if field.label:
            out.append(_text(field.label_tag()))
    out.append("\n\n")
    if field.help_text:
        auto_id = field.auto_id
        id_attr = f' id="{_text(auto_id)}_helptext"' if auto_id else ""
        out.append(f'<div class="helptext"{id_attr}>{str(field.help_text)}</div>')  # |safe
    out.append(f"\n{_text(field.errors)}\n{_text(field)}")
    if field.use_fieldset:
        out.append("</fieldset>")
    out.append("\n")
    return "".join(out)


_input_template = _widget_template(_input)
_included_input = _widget_template(_input, "\n")

FAST_TEMPLATES: dict[str, Callable[[dict], str]] = {
    "django/forms/field.html": _field,
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _error_list,
    "django/forms/errors/list/ul.html": _error_list,
    "django/forms/widgets/input.html": _input_template,
    **{
        f"django/forms/widgets/{kind}.html": _included_input
        for kind in (
            "text",
            "email",
            "number",
            "url",
            "tel",
            "search",
            "password",
            "hidden",
            "date",
            "datetime",
            "time",
            "checkbox",
            "color",
            "file",
        )
    },
    "django/forms/widgets/textarea.html": _widget_template(_textarea),
    "django/forms/widgets/select.html": _widget_template(_select),
    "django/forms/widgets/radio.html": _widget_template(_multiple_input, "\n"),
    "django/forms/widgets/checkbox_select.html": _widget_template(_multiple_input, "\n"),
    "django/forms/widgets/multiple_input.html": _widget_template(_multiple_input),
    **{name: _widget_template(render) for name, render in _OPTIONS.items()},
    "intake/choice_boxes.html": _widget_template(_choice_boxes),
}


class FastRenderer(DjangoTemplates):
    """Django's renderer, with the templates in FAST_TEMPLATES written in Python."""

    def render(self, template_name: str, context, request=None) -> str:
        render = FAST_TEMPLATES.get(template_name)
        if render is not None and isinstance(context, dict):
            try:
                return render(context).strip()
            except _Unsupported:
                pass
        return super().render(template_name, context, request)
