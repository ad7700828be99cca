"""Read back a QR code from the inline SVG the site renders, as a phone camera would."""

import re

import zxingcpp
from PIL import Image, ImageDraw

SVG_RE = re.compile(r"<svg\b[^>]*class=\"qr-code\"[^>]*>.*?</svg>", re.S)
VIEWBOX_RE = re.compile(r'viewBox="0 0 (\d+) (\d+)"')
STROKE_PATH_RE = re.compile(r'<path[^>]*stroke="#000"[^>]*d="([^"]+)"')
COMMAND_RE = re.compile(r"([MmHhVv])\s*([-\d.\s]+)")
SCALE = 8


def qr_svgs(html):
    """Every QR code <svg> in a page, in document order."""
    return SVG_RE.findall(html)


def rasterize(svg):
    """Draw segno's one-path SVG (moves and horizontal strokes, 1 unit wide) as a bitmap."""
    width, height = (int(n) for n in VIEWBOX_RE.search(svg).groups())
    image = Image.new("L", (width * SCALE, height * SCALE), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, args in COMMAND_RE.findall(STROKE_PATH_RE.search(svg).group(1)):
        numbers = [float(n) for n in args.split()]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command in "hH":
            end = x + numbers[0] if command == "h" else numbers[0]
            top = (y - 0.5) * SCALE
            draw.rectangle((min(x, end) * SCALE, top, max(x, end) * SCALE - 1, top + SCALE - 1), fill=0)
            x = end
        else:
            raise AssertionError(f"unexpected path command {command}")
    return image


def decode_svg(svg):
    results = zxingcpp.read_barcodes(rasterize(svg))
    assert len(results) == 1, f"expected one QR code, decoded {len(results)}"
    return results[0].text


def decode_png(png_bytes):
    import io

    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png_bytes)).convert("L"))
    assert len(results) == 1, f"expected one QR code, decoded {len(results)}"
    return results[0].text
