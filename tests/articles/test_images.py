"""Image uploads: only real, complete JPEG, PNG or WebP files within the limits are stored."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from articles.images import MAX_UPLOAD_BYTES, inspect_upload, process_image, rendition_widths
from articles.models import Article, ArticleImage
from tests.admin_forms import form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
MAKE = 0x010F
ORIENTATION = 0x0112


def image_bytes(fmt, size=(1800, 1200), mode="RGB", exif=None):
    image = Image.new(mode, size, "#3a7ca5" if mode != "1" else 0)
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def jpeg_with_metadata(size=(1800, 1200), orientation=1):
    exif = Image.Exif()
    exif[MAKE] = "SpyCam"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD)[2] = (51.0, 30.0, 0.0)  # latitude
    return image_bytes("JPEG", size, exif=exif)


@pytest.fixture(scope="module")
def bomb_png():
    """A valid PNG of 20,000 × 20,000 pixels (400 megapixels) that compresses to about 50 KB."""
    return image_bytes("PNG", (20000, 20000), mode="1")


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- the checks themselves -------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "expected"), [("JPEG", "JPEG"), ("PNG", "PNG"), ("WEBP", "WEBP")])
def test_real_images_pass(fmt, expected):
    assert inspect_upload(upload(f"x.{fmt.lower()}", image_bytes(fmt, (640, 480)))) == expected


def refusal(content, name="picture.png"):
    with pytest.raises(ValidationError) as caught:
        inspect_upload(upload(name, content))
    return caught.value.code, " ".join(caught.value.messages)


def test_a_renamed_text_file_is_refused():
    code, message = refusal(b"I am not a picture, just text.\n" * 20, name="diagram.png")
    assert code == "not_image"
    assert "not a JPEG, PNG or WebP image" in message


def test_other_image_formats_are_refused():
    assert refusal(image_bytes("GIF", (50, 50), mode="P"), name="a.gif")[0] == "not_image"
    assert refusal(image_bytes("BMP", (50, 50)), name="a.bmp")[0] == "not_image"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_truncated_image_is_refused(fmt):
    whole = image_bytes(fmt, (1200, 900), mode="RGB")
    code, message = refusal(whole[: len(whole) // 2])
    assert code == "truncated"
    assert "damaged or incomplete" in message


def test_a_decompression_bomb_is_refused(bomb_png):
    assert len(bomb_png) < 100_000  # tiny file ...
    code, message = refusal(bomb_png)  # ... that would need 400 megapixels of memory
    assert code == "bomb"
    assert "decompression bomb" in message


def test_pillows_warning_range_is_refused_too():
    code, _ = refusal(image_bytes("PNG", (10000, 10000), mode="1"))  # 100 megapixels
    assert code == "bomb"


def test_more_than_40_megapixels_is_refused_with_the_size():
    code, message = refusal(image_bytes("PNG", (8000, 6000), mode="1"))  # 48 megapixels
    assert code == "too_many_pixels"
    assert "8,000 × 6,000 pixels" in message


def test_more_than_10_mb_is_refused_before_reading_it():
    code, message = refusal(b"\xff\xd8" + b"0" * MAX_UPLOAD_BYTES, name="huge.jpg")
    assert code == "too_large"
    assert "at most 10 MB" in message


def test_an_empty_file_is_refused():
    assert refusal(b"")[0] == "empty"


# --- processing ------------------------------------------------------------------------------


def test_processing_strips_metadata_and_makes_webp_renditions():
    processed = process_image(upload("photo.jpg", jpeg_with_metadata()))
    assert processed.extension == "jpg"
    assert (processed.width, processed.height) == (1800, 1200)
    with Image.open(io.BytesIO(processed.content)) as clean:
        exif = clean.getexif()
        assert MAKE not in exif and not exif.get_ifd(GPS_IFD)
    assert [(r.width, r.height) for r in processed.renditions] == [(480, 320), (800, 533), (1200, 800), (1600, 1067)]
    for rendition in processed.renditions:
        with Image.open(io.BytesIO(rendition.content)) as image:
            assert image.format == "WEBP" and image.size == (rendition.width, rendition.height)


def test_a_sideways_photo_is_turned_upright():
    processed = process_image(upload("photo.jpg", jpeg_with_metadata((600, 400), orientation=6)))
    assert (processed.width, processed.height) == (400, 600)


def test_small_images_are_not_enlarged():
    assert rendition_widths(300) == [300]
    assert rendition_widths(1000) == [480, 800, 1000]
    assert rendition_widths(4000) == [480, 800, 1200, 1600]


# --- through the admin -----------------------------------------------------------------------


def add_image(client, slug, content, name, content_type="image/png"):
    url = reverse("admin:articles_articleimage_add")
    data = form_data(client.get(url), "articleimage_form")
    data.update(slug=slug, alt_text="The facial nerve leaves the brainstem beside an artery.")
    data["image"] = upload(name, content, content_type)
    return client.post(url, data)


def test_admin_upload_stores_only_the_real_image(editor_client, bomb_png):
    real = image_bytes("PNG", (1000, 700), mode="RGBA")
    whole_jpeg = image_bytes("JPEG", (1200, 900))
    attempts = [
        ("real", real, "nerve.png", None),
        ("text", b"just some text, renamed\n" * 40, "notes.png", "not a JPEG, PNG or WebP image"),
        ("truncated", whole_jpeg[: len(whole_jpeg) // 2], "cut.jpg", "damaged or incomplete"),
        ("bomb", bomb_png, "bomb.png", "decompression bomb"),
    ]
    for slug, content, name, error in attempts:
        response = add_image(editor_client, slug, content, name)
        if error is None:
            assert response.status_code == 302
        else:
            assert response.status_code == 200  # the form again, with the message, nothing saved
            assert error in response.content.decode()
    assert list(ArticleImage.objects.values_list("slug", flat=True)) == ["real"]
    image = ArticleImage.objects.get()
    assert (image.width, image.height) == (1000, 700)
    assert [r["width"] for r in image.renditions] == [480, 800, 1000]
    assert media_files() == sorted(image.stored_files())  # nothing else was written
    assert image.image.name.endswith("/real.png")


def test_alt_text_is_required(editor_client):
    url = reverse("admin:articles_articleimage_add")
    data = form_data(editor_client.get(url), "articleimage_form")
    data.update(slug="no-alt", alt_text="")
    data["image"] = upload("a.png", image_bytes("PNG", (100, 100)), "image/png")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not ArticleImage.objects.exists()
    assert media_files() == []


def test_an_article_inserts_an_image_with_srcset_and_dimensions(editor_client):
    add_image(editor_client, "facial-nerve", image_bytes("PNG", (1600, 900)), "nerve.png")
    image = ArticleImage.objects.get()
    image.caption = "The nerve and the artery that presses on it."
    image.save()
    article = make_article(body="## The nerve\n\nSee the picture.\n\n![](image:facial-nerve)\n\nMore text.")
    reader = Client()
    content = reader.get(article.get_absolute_url()).content.decode()
    source = image.source()
    assert f'src="{source.src}"' in content
    assert 'width="800"' in content and 'height="450"' in content
    assert "480w" in content and "1600w" in content
    assert 'alt="The facial nerve leaves the brainstem beside an artery."' in content
    assert "<figcaption>The nerve and the artery that presses on it.</figcaption>" in content
    # The picture itself is served (see test_media for the headers).
    assert reader.get(source.src).status_code == 200


def test_changing_an_images_alt_text_updates_the_pages_that_show_it(editor_client):
    add_image(editor_client, "nerve", image_bytes("PNG", (500, 300)), "n.png")
    article = make_article(body="![](image:nerve)")
    image = ArticleImage.objects.get()
    image.alt_text = "A clearer description."
    image.save()
    article.refresh_from_db()
    assert 'alt="A clearer description."' in article.body_html


def test_an_unknown_image_name_is_refused_with_its_name(editor_client):
    article = make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url), "article_form")
    data["body"] = "## Part\n\n![](image:no-such-picture)"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Unknown image(s): no-such-picture." in response.content.decode()


def test_an_image_in_use_cannot_be_deleted(client, editor_client):
    from tests.factories import make_user

    add_image(editor_client, "used", image_bytes("PNG", (300, 200)), "u.png")
    make_article(title="Uses the picture", body="![](image:used)")
    image = ArticleImage.objects.get()
    client.force_login(make_user("boss", superuser=True))
    url = reverse("admin:articles_articleimage_delete", args=[image.pk])
    page = client.get(url).content.decode()
    assert "Uses the picture" in page
    client.post(url, {"post": "yes"})
    assert ArticleImage.objects.filter(pk=image.pk).exists()


def test_deleting_an_unused_image_removes_its_files(editor_client, django_capture_on_commit_callbacks):
    add_image(editor_client, "spare", image_bytes("PNG", (900, 600)), "s.png")
    image = ArticleImage.objects.get()
    assert media_files()
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert media_files() == []
    assert not Article.objects.using_image("spare").exists()
