"""The review dashboard's data, in a fixed number of queries whatever the amount of content."""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import CharField, F, JSONField, TextField, Value
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.content import LOAD_REASON_PREFIX

from .registry import history_sources, reviewed_models

DUE_SOON_DAYS = 30
LIST_LIMIT = 15
CHANGES_LIMIT = 12

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
# Rows read to fill the "latest changes" list: one content load can write hundreds of rows.
CHANGES_SCAN = 400
PAGES_NAMED = 3


@dataclass
class DueItem:
    title: str
    kind: str
    due: datetime.date
    overdue: bool
    admin_url: str


@dataclass
class DraftItem:
    title: str
    updated_at: datetime.datetime
    admin_url: str
    reviewed: bool


@dataclass
class ChangeItem:
    when: datetime.datetime
    action: str
    reason: str
    who: str
    page: str
    kind: str
    part: str  # what was changed when it is a part of the page (a note, an answer), else ""
    history_url: str
    rows: int = 1  # history rows behind this line: more than one for a content load


def _can_view(user, model):
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}") or user.has_perm(
        f"{model._meta.app_label}.change_{model._meta.model_name}"
    )


def _admin_url(model, name, *args):
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)
    except NoReverseMatch:
        return ""


def _without_long_text(queryset):
    """The dashboard shows titles and dates: leave bodies and rendered HTML in the database."""
    model = queryset.model
    return queryset.defer(*[f.name for f in model._meta.concrete_fields if isinstance(f, TextField | JSONField)])


def reviews_due(*, user, today):
    """Pages whose review is overdue or due within 30 days, soonest first: one query per model."""
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    items, more = [], False
    for model in reviewed_models():
        if not _can_view(user, model):
            continue
        # A page never reviewed has no review falling due: it is listed as a draft waiting instead.
        reviewed = model.objects.filter(next_review_due__lte=horizon).exclude(reviewer_name="")
        due = _without_long_text(reviewed).order_by("next_review_due")
        rows = list(due[: LIST_LIMIT + 1])
        more = more or len(rows) > LIST_LIMIT
        items.extend(
            DueItem(str(row), str(model._meta.verbose_name), row.next_review_due, row.next_review_due < today,
                    _admin_url(model, "change", row.pk))
            for row in rows[:LIST_LIMIT]
        )  # fmt: skip
    items.sort(key=lambda item: item.due)
    return items[:LIST_LIMIT], more or len(items) > LIST_LIMIT


def changed_since_review(*, user):
    """Pages edited in admin since their last sign-off, most recently edited first: one query per model."""
    items, more = [], False
    for model in reviewed_models():
        if not _can_view(user, model):
            continue
        edited = _without_long_text(model.objects.filter(changed_since_review=True)).order_by("-updated_at")
        rows = list(edited[: LIST_LIMIT + 1])
        more = more or len(rows) > LIST_LIMIT
        items.extend(
            DueItem(
                str(row), str(model._meta.verbose_name), row.last_reviewed, False, _admin_url(model, "change", row.pk)
            )
            for row in rows[:LIST_LIMIT]
        )
    return items[:LIST_LIMIT], more or len(items) > LIST_LIMIT


def drafts_waiting(*, user):
    """Drafts of the pages that have them, most recently edited first; a draft never reviewed is flagged."""
    items, more = [], False
    for model in reviewed_models():
        if not hasattr(model.objects, "drafts") or not _can_view(user, model):
            continue
        fields = (model.title_field, "updated_at", "reviewer_name")
        rows = list(model.objects.drafts().order_by("-updated_at").only(*fields)[: LIST_LIMIT + 1])
        more = more or len(rows) > LIST_LIMIT
        items.extend(
            DraftItem(str(row), row.updated_at, _admin_url(model, "change", row.pk), bool(row.reviewer_name))
            for row in rows[:LIST_LIMIT]
        )
    items.sort(key=lambda item: item.updated_at, reverse=True)
    return items[:LIST_LIMIT], more or len(items) > LIST_LIMIT


def latest_changes(*, user, limit=CHANGES_LIMIT):
    """The latest recorded changes across all tracked models, in one UNION query."""
    parts = []
    for model, (title_expr, page_model, page_id_expr) in history_sources().items():
        if not _can_view(user, model):
            continue
        label, page_label = model._meta.label, page_model._meta.label
        parts.append(
            model.history.order_by()
            .annotate(
                c_when=F("history_date"),
                c_type=F("history_type"),
                c_reason=Cast(F("history_change_reason"), CharField()),
                c_username=F("history_user__username"),
                c_first=F("history_user__first_name"),
                c_last=F("history_user__last_name"),
                c_page=Cast(F(title_expr), CharField()),
                c_page_id=F(page_id_expr),
                c_kind=Value(page_label, output_field=CharField()),
                c_part=Value(label, output_field=CharField()),
            )
            .values(
                "c_when",
                "c_type",
                "c_reason",
                "c_username",
                "c_first",
                "c_last",
                "c_page",
                "c_page_id",
                "c_kind",
                "c_part",
            )
        )
    if not parts:
        return []
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    items = []
    for group in _grouped_loads(query.order_by("-c_when")[: max(limit, CHANGES_SCAN)]):
        items.append(_load_item(group) if len(group) > 1 or _is_load(group[0]) else _change_item(group[0]))
        if len(items) == limit:
            break
    return items


def _is_load(row):
    return not row["c_username"] and (row["c_reason"] or "").startswith(LOAD_REASON_PREFIX)


def _is_unexplained(row):
    return not row["c_username"] and not row["c_reason"]


def _grouped_loads(rows):
    """Rows in order, each alone, except that the rows one content load wrote come as one group:
    those with its reason, and the parts it wrote with no reason of their own next to them."""
    group, load, loose = [], None, []
    for row in rows:
        if load is not None and (row["c_reason"] == load or _is_unexplained(row)):
            group.append(row)
            continue
        if _is_unexplained(row):
            loose.append(row)  # the parts of a load are saved after their page: newer, so listed first
            continue
        if group:
            yield group
        if _is_load(row):
            group, load, loose = [*loose, row], row["c_reason"], []
        else:
            yield from ([r] for r in loose)
            group, load, loose = [row], None, []
    if group:
        yield group
    yield from ([r] for r in loose)


def _change_item(row):
    page_model = apps.get_model(row["c_kind"])
    part_model = apps.get_model(row["c_part"])
    full_name = f"{row['c_first'] or ''} {row['c_last'] or ''}".strip()
    history_url = _admin_url(page_model, "history", row["c_page_id"]) if row["c_page_id"] else ""
    return ChangeItem(
        when=row["c_when"],
        action=HISTORY_TYPES.get(row["c_type"], "changed"),
        reason=row["c_reason"] or "",
        who=full_name or row["c_username"] or "",
        page=row["c_page"] or "",
        kind=str(page_model._meta.verbose_name),
        part="" if part_model is page_model else str(part_model._meta.verbose_name),
        history_url=history_url,
    )


def _load_item(group):
    """One line for a content load: the pages it changed, and how many records it wrote."""
    pages = list(dict.fromkeys(row["c_page"] for row in group if row["c_page"]))
    named = ", ".join(pages[:PAGES_NAMED])
    if len(pages) > PAGES_NAMED:
        more = len(pages) - PAGES_NAMED
        named = ngettext("%(pages)s and %(count)s more page", "%(pages)s and %(count)s more pages", more) % {
            "pages": named,
            "count": more,
        }
    return ChangeItem(
        when=group[0]["c_when"],
        action="loaded",
        reason=ngettext("Content load: %(count)s change", "Content load: %(count)s changes", len(group))
        % {"count": len(group)},
        who=_("content loader"),
        page=named,
        kind=_("content files"),
        part="",
        history_url="",
        rows=len(group),
    )


def due_links(*, user, today):
    """Each reviewed model's admin list, filtered to the pages due within the horizon."""
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    links = []
    for model in reviewed_models():
        url = _admin_url(model, "changelist") if _can_view(user, model) else ""
        if url:
            links.append((str(model._meta.verbose_name_plural), f"{url}?next_review_due__lte={horizon.isoformat()}"))
    return links


def review_queue(*, user, limit=LIST_LIMIT):
    """Pending changes for a reviewer; for anyone else, the state of the changes they sent."""
    from .models import Revision
    from .services import can_approve, mark_stale

    if can_approve(user):
        queryset = Revision.objects.pending().select_related("submitted_by").order_by("submitted_at")
    elif user.has_perm("editorial.view_revision"):
        queryset = Revision.objects.filter(submitted_by=user).select_related("reviewer")
    else:
        return [], False, False
    items = list(queryset[: limit + 1])
    return mark_stale(items[:limit]), len(items) > limit, can_approve(user)


def review_dashboard(*, user, today=None):
    today = today or timezone.localdate()
    queue, queue_more, is_reviewer = review_queue(user=user)
    due, due_more = reviews_due(user=user, today=today)
    drafts, drafts_more = drafts_waiting(user=user)
    changed, changed_more = changed_since_review(user=user)
    links = due_links(user=user, today=today)
    return {
        "visible": bool(links),
        "today": today,
        "due_horizon": today + datetime.timedelta(days=DUE_SOON_DAYS),
        "due": due,
        "due_more": due_more,
        "overdue_count": sum(1 for item in due if item.overdue),
        "due_links": links,
        "drafts": drafts,
        "drafts_more": drafts_more,
        "changed": changed,
        "changed_more": changed_more,
        "changes": latest_changes(user=user),
        "queue": queue,
        "queue_more": queue_more,
        "queue_for_reviewer": is_reviewer,
        "queue_visible": is_reviewer or user.has_perm("editorial.view_revision"),
    }


def changes_since_sign_off(page):
    """The page's own fields that changed since the version its current reviewer signed off."""
    from .diff import compare_versions
    from .services import REVIEW_FIELDS

    if not page.reviewer_name:
        return []
    history = page.history.all()
    latest = history.first()
    signed = (
        history.filter(last_reviewed=page.last_reviewed, reviewer_name=page.reviewer_name)
        .order_by("history_date", "history_id")
        .first()
    )
    if latest is None or signed is None or signed.pk == latest.pk:
        return []
    return [change for change in compare_versions(signed, latest) if change.name not in REVIEW_FIELDS]


def parts_changed_since_sign_off(page):
    """The page's parts (answers, points, notes…) added, changed or deleted since its current
    reviewer signed it off: [{"action", "kind", "name", "fields"}] as object_changes.html shows."""
    from .diff import compare_versions

    if not page.reviewer_name:
        return []
    signed = (
        page.history.filter(last_reviewed=page.last_reviewed, reviewer_name=page.reviewer_name)
        .order_by("history_date", "history_id")
        .first()
    )
    if signed is None:
        return []
    changes = []
    for model, (_title, page_model, page_id_expr) in history_sources().items():
        if page_model is not type(page) or model is type(page):
            continue
        pk_name = model._meta.pk.attname
        records = model.history.filter(**{page_id_expr: page.pk}, history_date__gt=signed.history_date)
        by_object = {}
        for record in records.order_by("history_date", "history_id"):
            by_object.setdefault(getattr(record, pk_name), []).append(record)
        for versions in by_object.values():
            action, fields = _part_change(versions[0].prev_record, versions[-1], compare_versions)
            if action:
                changes.append(
                    {"action": action, "kind": model._meta.verbose_name, "name": _record_name(versions[-1]),
                     "fields": fields}
                )  # fmt: skip
    return changes


def _part_change(older, last, compare_versions):
    """(action, field changes) between the version signed off (None: there was none) and `last`."""
    if last.history_type == "-":
        return ("deleted", []) if older is not None else (None, [])
    if older is None:
        return "added", []
    fields = compare_versions(older, last)
    return ("changed", fields) if fields else (None, [])


def _record_name(record):
    try:
        return str(record.instance)
    except Exception:  # noqa: BLE001 - a deleted part may point at rows that are gone too
        return str(record.instance_type._meta.verbose_name)
