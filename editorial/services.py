"""The editorial rules, in one place: who may change, submit, approve, publish and restore what.

The admin, commands and any future view call these functions; none of the rules lives only in
a ModelAdmin or a hidden form field. Every function takes keyword-only arguments and checks the
user's permission itself.

- A change to *live* content (a public or scheduled article, a treatment and its parts, a
  question or measure every treatment shows, a reference or image a live page uses) by someone
  who may not approve it becomes a pending `Revision`; the live rows stay as they are.
- A medical reviewer's own change goes live at once and is recorded as reviewed by them.
- Drafts are edited freely.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleChangeNote, ArticleImage
from core.models import ReviewedContent
from references.models import Reference
from treatments.models import Answer, Aspect, Measure, Outcome, Point, Priority, PriorityFit, Treatment

from . import revisions
from .models import Revision
from .roles import PUBLISH_PERMISSION, REVIEW_PERMISSION

REVIEW_FIELDS = ("last_reviewed", "next_review_due", "reviewer_name", "reviewer_credentials")
REVIEW_INTERVALS = [(3, _("3 months")), (6, _("6 months")), (12, _("12 months"))]
DEFAULT_REVIEW_INTERVAL = 12


class MissingReviewerProfile(Exception):
    """The reviewer has not yet said how their name and credentials appear on pages."""


# --- who may do what ---------------------------------------------------------------------------


def can_publish(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def can_review(user):
    return user.is_active and user.has_perm(REVIEW_PERMISSION)


can_approve = can_review


def can_change(user, obj):
    opts = obj._meta
    return user.is_active and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


def can_restore(user, obj):
    """Restoring an old version writes over the object: it needs change permission on it."""
    return can_change(user, obj)


def reviewer_profile(user):
    profile = getattr(user, "reviewer_profile", None) if user.is_authenticated else None
    if profile is None:
        raise MissingReviewerProfile
    return profile


# --- what is live, and which pages show what ---------------------------------------------------


def _reference_in_use(reference):
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED, citations__reference=reference).exists()
        or reference.treatments.exists()
        or reference.treatment_outcomes.exists()
        or reference.treatment_points.exists()
    )


def is_live(obj):
    """Whether readers see `obj` (or would, for a new object: a new question shows on every treatment)."""
    if isinstance(obj, Article):
        return obj.status == Article.Status.PUBLISHED
    if isinstance(obj, ArticleChangeNote):
        return obj.article.status == Article.Status.PUBLISHED
    if isinstance(obj, Treatment | Answer | Outcome | PriorityFit | Point):
        return True  # treatments have no draft state: public as soon as they exist
    if isinstance(obj, Aspect | Measure | Priority):
        return Treatment.objects.exists()
    if isinstance(obj, Reference):
        return obj.pk is not None and _reference_in_use(obj)
    if isinstance(obj, ArticleImage):
        return obj.pk is not None and images_in_use(image=obj, published_only=True).exists()
    return False


def pages_showing(obj):
    """Querysets of the reviewed pages (articles, treatments) that show `obj`."""
    if isinstance(obj, ReviewedContent):
        return [type(obj)._default_manager.filter(pk=obj.pk)]
    if isinstance(obj, ArticleChangeNote):
        return [Article.objects.filter(pk=obj.article_id)]
    if isinstance(obj, Answer | Outcome | PriorityFit):
        return [Treatment.objects.filter(pk=obj.treatment_id)]
    if isinstance(obj, Point):
        return [Treatment.objects.filter(answers__pk=obj.answer_id)]
    if isinstance(obj, Aspect | Measure | Priority):
        return [Treatment.objects.all()]
    if isinstance(obj, ArticleImage):
        return [Article.objects.using_image(obj.slug)]
    if isinstance(obj, Reference):
        return [Article.objects.filter(citations__reference=obj), Treatment.objects.filter(references=obj)]
    return []


def needs_approval(*, user, obj):
    """A change to `obj` by `user` waits for a medical reviewer."""
    return is_live(obj) and not can_approve(user)


# --- locked fields -------------------------------------------------------------------------------


def locked_fields(*, user, model, saved=None):
    """Fields `user` may not change on `model`, given its saved row (None when adding)."""
    locked = []
    if issubclass(model, ReviewedContent) and not user.is_superuser:
        # Set only by "Mark reviewed", so a review is always signed by the reviewer who did it.
        locked.extend(REVIEW_FIELDS)
    if issubclass(model, Article) and not can_publish(user):
        # An editor may propose a time for a draft; once published, its timing is the reviewer's.
        locked.append("status")
        if saved is not None and saved.status == Article.Status.PUBLISHED:
            locked.append("published_at")
    if issubclass(model, ArticleImage) and saved is not None:
        locked.append("slug")  # how articles refer to the image
    return locked


def enforce_locked_fields(*, user, obj, saved):
    """Put back any locked field that `obj` changed; returns the labels of those put back."""
    kept = []
    model = type(obj)
    for name in locked_fields(user=user, model=model, saved=saved):
        model_field = model._meta.get_field(name)
        if saved is None:
            if name in ("last_reviewed", "next_review_due"):
                setattr(obj, name, timezone.localdate())
            elif name != "slug":
                setattr(obj, name, model_field.get_default())
        elif getattr(obj, name) != getattr(saved, name):
            setattr(obj, name, getattr(saved, name))
            kept.append(str(model_field.verbose_name))
    return kept


# --- images --------------------------------------------------------------------------------------


def images_in_use(*, image, published_only=False):
    """The articles that show `image`."""
    articles = Article.objects.using_image(image.slug)
    return articles.filter(status=Article.Status.PUBLISHED) if published_only else articles


def delete_image(*, user, image):
    """Delete an image no article shows; an image in use is refused, whoever asks."""
    if not (user.is_active and user.has_perm("articles.delete_articleimage")):
        raise PermissionDenied
    titles = list(images_in_use(image=image).values_list("title", flat=True))
    if titles:
        raise ValidationError(
            _("These articles show this image; remove it from them first: %(titles)s.") % {"titles": ", ".join(titles)}
        )
    image.delete()


# --- saving a change -----------------------------------------------------------------------------


@dataclass
class SaveResult:
    changed: bool
    revision: Revision | None = None
    kept: list = field(default_factory=list)  # locked fields put back
    reviewed: bool = False  # a reviewer's urgent correction, signed off by them


def flag_changed(*, obj):
    """Mark the pages that show `obj` as changed since their last review (no history entry)."""
    for pages in pages_showing(obj):
        pages.update(changed_since_review=True)


@transaction.atomic
def save_change(*, user, obj, save, summary="", restored=False):
    """Save `obj` and its parts by calling `save()`, under the editorial rules.

    When `user` may not approve a change to live content, the save runs inside an atomic block,
    the result is kept as a pending Revision and the block is rolled back: readers keep seeing
    the approved version. Otherwise it is saved; a reviewer's change to a live page is recorded
    as reviewed by them, anyone else's flags the pages that show it.
    """
    model = type(obj)
    saved = model._default_manager.filter(pk=obj.pk).first() if obj.pk else None
    if saved is not None and not can_change(user, saved):
        raise PermissionDenied
    kept = enforce_locked_fields(user=user, obj=obj, saved=saved)
    before = revisions.tree(saved) if saved is not None else []
    before_entries = revisions.serialize(before)
    base = revisions.fingerprint(before_entries) if saved is not None else ""
    live = is_live(saved if saved is not None else obj)

    if live and not can_approve(user):
        # An atomic block, not a bare savepoint: rolling it back also drops the on_commit work
        # the save registered (such as deleting the live image's files when a new one is uploaded).
        kept_aside = {}
        try:
            with transaction.atomic():
                save()
                after = revisions.tree(obj)
                new = revisions.keys(after) - revisions.keys(before)
                kept_aside["snapshot"] = {
                    **revisions.make_snapshot(obj, before=before, after=after, new=new),
                    "base": before_entries,  # to carry the change onto a newer live version
                }
                raise _Rollback
        except _Rollback:
            pass
        snapshot = kept_aside["snapshot"]
        if saved is not None:
            obj.refresh_from_db()
        if not restored and revisions.fingerprint(snapshot["objects"]) == base:
            return SaveResult(changed=False, kept=kept)
        revision = Revision.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=saved.pk if saved is not None else None,
            title=str(saved if saved is not None else obj)[:300],
            summary=str(summary)[:300],
            snapshot=snapshot,
            base_fingerprint=base,
            submitted_by=user,
        )
        return SaveResult(changed=True, revision=revision, kept=kept)

    save()
    changed = restored or saved is None or revisions.live_fingerprint(obj) != base
    if not changed or saved is None:
        return SaveResult(changed=changed, kept=kept)
    if live and isinstance(obj, ReviewedContent) and _try_mark_reviewed(obj, user=user):
        Revision.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=obj.pk,
            title=str(obj)[:300],
            summary=str(summary)[:300],
            snapshot=revisions.make_snapshot(obj, before=before, after=revisions.tree(obj), new=set()),
            base_fingerprint=base,
            submitted_by=user,
            status=Revision.Status.APPROVED,
            reviewer=user,
            reviewed_at=timezone.now(),
            applied_at=timezone.now(),
            comment=str(_("Urgent correction, published at once by a medical reviewer.")),
        )
        rebase_waiting(obj=obj)
        return SaveResult(changed=True, kept=kept, reviewed=True)
    flag_changed(obj=obj)
    return SaveResult(changed=True, kept=kept)


def _try_mark_reviewed(page, *, user):
    try:
        mark_reviewed(page, user=user, months=DEFAULT_REVIEW_INTERVAL)
    except MissingReviewerProfile:
        return False
    return True


# --- no silent overwrites ----------------------------------------------------------------------

VERSION_SALT = "editorial.version"


def version_token(*, obj):
    """A signed copy of `obj` and its parts as they are now, for the change form to send back."""
    return signing.dumps(revisions.serialize(revisions.tree(obj)), salt=VERSION_SALT, compress=True)


def changes_since(*, obj, token):
    """What changed in the live `obj` (and its parts) since `token` was made; [] when nothing did."""
    try:
        opened = signing.loads(token, salt=VERSION_SALT)
    except signing.BadSignature:
        return []
    now = revisions.serialize(revisions.tree(obj))
    if revisions.fingerprint(opened) == revisions.fingerprint(now):
        return []
    return revisions.diff_entries(opened, now)


# --- review of pending revisions ----------------------------------------------------------------


def _live_root(revision):
    model = ContentType.objects.get_for_id(revision.content_type_id).model_class()  # cached, no query
    return model._default_manager.filter(pk=revision.object_id).first()


def is_stale(revision):
    """The live object changed after the revision was made from it."""
    if revision.object_id is None:
        return False
    root = _live_root(revision)
    return root is None or revisions.live_fingerprint(root) != revision.base_fingerprint


def mark_stale(revision_list):
    """Set `.stale` on each revision: pending, and made on a live version that has changed since.

    The live fingerprint is worked out once per object, however many changes wait for it.
    """
    fingerprints = {}
    for revision in revision_list:
        revision.stale = False
        if revision.status != Revision.Status.PENDING or revision.object_id is None:
            continue
        key = (revision.content_type_id, revision.object_id)
        if key not in fingerprints:
            root = _live_root(revision)
            fingerprints[key] = revisions.live_fingerprint(root) if root is not None else None
        revision.stale = fingerprints[key] != revision.base_fingerprint
    return revision_list


def conflicts_of(revision):
    """What a stale revision and the live page both changed (labels), or [] when unknown."""
    root = _live_root(revision) if revision.object_id is not None else None
    if root is None:
        return []
    try:
        revisions.rebase(revision.snapshot, revisions.serialize(revisions.tree(root)))
    except revisions.Conflict as conflict:
        return conflict.labels
    return []


def pending_made_stale_by(revision):
    """The other changes to the same object still waiting, now made on an older version."""
    if revision.object_id is None:
        return []
    others = Revision.objects.pending().filter(content_type=revision.content_type, object_id=revision.object_id)
    return [other for other in mark_stale(list(others.exclude(pk=revision.pk))) if other.stale]


@transaction.atomic
def approve_revision(*, user, revision, at=None, months=DEFAULT_REVIEW_INTERVAL, comment="", now=None):
    """Approve a pending revision: live now, or at `at` (a later time schedules it)."""
    if not can_approve(user):
        raise PermissionDenied
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != Revision.Status.PENDING:
        raise ValidationError(_("This change has already been dealt with."))
    if is_stale(revision):
        message = _(
            "This change was made on an older version: the live page changed after this was sent, so "
            "approving it would undo those changes. Send it back so the editor can redo it on the "
            "current version."
        )
        clashes = conflicts_of(revision)
        if clashes:
            message = format_lazy("{} {}", message, _("Both changed: %(what)s.") % {"what": "; ".join(clashes)})
        raise ValidationError(message)
    reviewer_profile(user)  # pages name the reviewer, so one is needed before approving
    now = now or timezone.now()
    revision.status = Revision.Status.APPROVED
    revision.reviewer = user
    revision.reviewed_at = now
    revision.comment = comment
    revision.approve_at = at if at is not None and at > now else None
    revision.review_months = months
    revision.save()
    if revision.approve_at is None:
        _apply(revision, user=user, months=months, now=now)
    return revision


def _apply(revision, *, user, months, now):
    old_files = _image_files_of_live(revision)
    root = revisions.apply_snapshot(revision.snapshot)
    for obj in [root]:
        if isinstance(obj, ReviewedContent):
            mark_reviewed(obj, user=user, months=months, today=timezone.localdate(now))
        elif isinstance(obj, Answer):
            mark_reviewed(obj.treatment, user=user, months=months, today=timezone.localdate(now))
    revision.applied_at = now
    if revision.object_id is None and root is not None:
        revision.object_id = root.pk
    revision.save(update_fields=["applied_at", "object_id"])
    # The replaced image's files are superseded: kept only while another change still needs them.
    release_image_files(names=old_files)
    rebase_waiting(obj=root)
    return root


def rebase_waiting(*, obj):
    """Carry the changes still waiting for `obj` onto its new live version, where they do not conflict.

    Those that changed the same field as the new live version stay "made on an older version":
    they cannot be approved, only sent back. Returns (carried over, conflicting).
    """
    if obj is None or obj.pk is None:
        return [], []
    live_entries = revisions.serialize(revisions.tree(obj))
    fingerprint = revisions.fingerprint(live_entries)
    carried, conflicting = [], []
    for revision in Revision.objects.pending().for_object(obj).select_for_update():
        if revision.base_fingerprint == fingerprint:
            continue
        try:
            revision.snapshot = revisions.rebase(revision.snapshot, live_entries)
        except revisions.Conflict:
            conflicting.append(revision)
            continue
        revision.base_fingerprint = fingerprint
        revision.save(update_fields=["snapshot", "base_fingerprint"])
        carried.append(revision)
    return carried, conflicting


def next_due_time():
    """When the soonest approved-but-scheduled revision should go live, or None."""
    soonest = (
        Revision.objects.filter(status=Revision.Status.APPROVED, applied_at__isnull=True, approve_at__isnull=False)
        .order_by("approve_at")
        .values_list("approve_at", flat=True)
        .first()
    )
    return soonest


def _claim(revision, *, now):
    """Take the revision for this process: False when another process has already put it live."""
    return bool(
        Revision.objects.filter(pk=revision.pk, status=Revision.Status.APPROVED, applied_at__isnull=True).update(
            applied_at=now
        )
    )


def _withdraw_due(revision, *, reason):
    revision.status = Revision.Status.REJECTED
    revision.applied_at = None
    revision.comment = str(reason)
    revision.save(update_fields=["status", "applied_at", "comment"])
    release_image_files(names=revisions_image_files(revision.snapshot))


def apply_due_revisions(*, now=None):
    """Put live the approved revisions whose time has come.

    Run by the apply_approved_revisions command (a timer), and on the first request after the
    chosen time (editorial.scheduling), so readers get the change on time even if the timer is
    late. Each revision is claimed with one conditional UPDATE, so two processes never apply
    the same one twice.
    """
    now = now or timezone.now()
    applied = []
    for revision in Revision.objects.due(now=now).select_related("reviewer"):
        with transaction.atomic():
            if not _claim(revision, now=now):
                continue
            if is_stale(revision):
                _withdraw_due(revision, reason=_("Not put live: the page changed before the chosen time."))
                continue
            try:
                with transaction.atomic():
                    _apply(revision, user=revision.reviewer, months=revision.review_months, now=now)
            except (PermissionDenied, MissingReviewerProfile):
                _withdraw_due(
                    revision,
                    reason=_("Not put live: the reviewer who approved it can no longer approve changes."),
                )
                continue
            applied.append(revision)
    return applied


def reject_revision(*, user, revision, comment):
    """Send a pending revision back to its editor, with a comment saying why."""
    if not can_approve(user):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError(_("Say why, so the editor knows what to change."))
    if revision.status != Revision.Status.PENDING:
        raise ValidationError(_("This change has already been dealt with."))
    revision.status = Revision.Status.REJECTED
    revision.reviewer = user
    revision.reviewed_at = timezone.now()
    revision.comment = comment
    revision.save()
    # A replacement image that will never go live: its uploaded files go too.
    release_image_files(names=revisions_image_files(revision.snapshot))
    return revision


# --- files of image changes ----------------------------------------------------------------------

IMAGE_LABEL = "articles.articleimage"


def revisions_image_files(snapshot):
    """The stored files (original and renditions) of the images in a revision's snapshot."""
    names = []
    for entry in snapshot.get("objects", []):
        if entry.get("model") == IMAGE_LABEL:
            fields = entry.get("fields", {})
            names.extend([fields.get("image")] + [r.get("name") for r in fields.get("renditions") or []])
    return [name for name in names if name]


def _image_files_of_live(revision):
    model = ContentType.objects.get_for_id(revision.content_type_id).model_class()
    if model is not ArticleImage or revision.object_id is None:
        return []
    live = ArticleImage.objects.filter(pk=revision.object_id).first()
    return live.stored_files() if live is not None else []


def image_files_in_use():
    """Every file a live image row shows, or a change still waiting (pending or scheduled) would."""
    in_use = set()
    for image in ArticleImage.objects.only("image", "renditions"):
        in_use.update(image.stored_files())
    waiting = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(ArticleImage), applied_at__isnull=True
    ).exclude(status=Revision.Status.REJECTED)
    for snapshot in waiting.values_list("snapshot", flat=True):
        in_use.update(revisions_image_files(snapshot))
    return in_use


def release_image_files(*, names):
    """Delete those of `names` that nothing uses any more, once the transaction commits."""
    if not names:
        return []
    unused = sorted(set(names) - image_files_in_use())
    if unused:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in unused])
    return unused


class _Rollback(Exception):
    pass


def preview_revision(*, user, revision, render):
    """Call `render()` with the revision applied, then undo it; returns what render() returned."""
    if not user.is_active or not user.is_staff:
        raise PermissionDenied
    result = None
    try:
        with transaction.atomic():
            revisions.apply_snapshot(revision.snapshot)
            result = render()
            raise _Rollback
    except _Rollback:
        pass
    return result


# --- review dates and publishing -----------------------------------------------------------------


def add_months(day, months):
    """`day` plus a number of calendar months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def mark_reviewed(page, *, user, months, today=None):
    """Sign `page` (any ReviewedContent) off as reviewed today by `user`; the next review is due `months` ahead."""
    if not can_review(user):
        raise PermissionDenied
    profile = reviewer_profile(user)
    today = today or timezone.localdate()
    page.last_reviewed = today
    page.next_review_due = add_months(today, months)
    page.reviewer_name = profile.full_name
    page.reviewer_credentials = profile.credentials
    page.changed_since_review = False
    page._history_user = user
    page._change_reason = str(_("Marked reviewed; next review in %(months)s months") % {"months": months})
    page.save()


def publish(article, *, user, now=None):
    """Make an article public, now or at the time already set on it (a future time schedules it)."""
    if not can_publish(user):
        raise PermissionDenied
    article.check_publishable()
    article.status = article.Status.PUBLISHED
    if article.published_at is None:
        article.published_at = now or timezone.now()
    article._history_user = user
    article._change_reason = str(_("Published"))
    article.save()


def unpublish(article, *, user):
    if not can_publish(user):
        raise PermissionDenied
    article.status = article.Status.DRAFT
    article._history_user = user
    article._change_reason = str(_("Unpublished"))
    article.save()


# --- the content loader --------------------------------------------------------------------------
# load_content is run by an administrator, on purpose: its changes to live content go live, and
# each one is recorded as an approved revision by the "content loader" account. A row with a
# change waiting for review is left alone (the load would make that change impossible to approve),
# and named, until a reviewer approves or sends it back. core.content calls these through the
# hooks editorial's AppConfig.ready() registers.

CONTENT_LOADER_USERNAME = "content-loader"


def content_loader_user():
    """The account the content loader's changes are recorded under; it cannot sign in."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    user, created = user_model._default_manager.get_or_create(
        **{user_model.USERNAME_FIELD: CONTENT_LOADER_USERNAME},
        defaults={"is_active": False, "first_name": "Content", "last_name": "loader"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def pending_revisions_of(*, obj):
    return Revision.objects.pending().for_object(obj) if obj.pk else Revision.objects.none()


def loader_held(obj):
    """Why the loader must leave `obj` alone, or None: a change to it waits for review."""
    pending = list(pending_revisions_of(obj=obj).values_list("pk", flat=True))
    if not pending:
        return None
    numbers = ", ".join(f"#{pk}" for pk in pending)
    return str(
        _("a change to it waits for review (revision %(numbers)s); approve it or send it back, then load again")
        % {"numbers": numbers}
    )


def record_loader_change(obj, write, *, label=""):
    """Run the loader's `write()` for `obj`; a change to live content is recorded as an approved revision."""
    model = type(obj)
    saved = model._default_manager.filter(pk=obj.pk).first() if obj.pk else None
    before = revisions.tree(saved) if saved is not None else []
    base = revisions.fingerprint(revisions.serialize(before)) if saved is not None else ""
    write()
    if not (is_live(saved) if saved is not None else is_live(obj)):
        return None
    after = revisions.tree(obj)
    if saved is not None and revisions.fingerprint(revisions.serialize(after)) == base:
        return None
    loader = content_loader_user()
    now = timezone.now()
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=obj.pk,
        title=str(obj)[:300],
        summary=str(_("Loaded from the content files") if saved is not None else _("Added from the content files")),
        snapshot=revisions.make_snapshot(
            obj, before=before, after=after, new=revisions.keys(after) - revisions.keys(before)
        ),
        base_fingerprint=base,
        submitted_by=loader,
        submitted_at=now,
        status=Revision.Status.APPROVED,
        reviewer=loader,
        reviewed_at=now,
        applied_at=now,
        comment=str(_("Put live by an administrator running load_content.")),
    )
