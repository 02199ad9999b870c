"""Draw the program's icon: an open book under the letters "SH" on a rounded square in the
union's blue (the accent colour of ui/resources/style.qss).

    .venv/bin/python packaging/make_icon.py

writes `packaging/icons/sohoi.png` (256 px, for a Linux desktop entry),
`packaging/icons/sohoi-512.png` and `packaging/icons/sohoi.ico` (16 to 256 px, the Windows
executable's icon). The files are committed; run this again only to change the drawing. It is
drawn at 1024 px and scaled down, so small sizes stay smooth, with the bundled Liberation Sans
Bold, so the result is the same on every machine.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "packaging" / "icons"
FONT = ROOT / "desktop" / "resources" / "fonts" / "LiberationSans-Bold.ttf"

BLUE = (31, 95, 168, 255)  # #1f5fa8, the window's accent colour
PAGE = (255, 255, 255, 255)
SPINE = (214, 226, 242, 255)
CANVAS = 1024
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = CANVAS) -> Image.Image:
    """The icon at `size` pixels (drawn at CANVAS and scaled)."""
    img = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    margin = 40
    d.rounded_rectangle((margin, margin, CANVAS - margin, CANVAS - margin), 190, fill=BLUE)

    # The letters, centred in the upper half.
    font = ImageFont.truetype(str(FONT), 400)
    text = "SH"
    left, top, right, _bottom = d.textbbox((0, 0), text, font=font)
    x = (CANVAS - (right - left)) / 2 - left
    y = 150 - top
    d.text((x, y), text, font=font, fill=PAGE)

    # An open book: two pages whose outer corners lift, meeting at a spine.
    mid, base, height, width = CANVAS / 2, 850, 200, 330
    left_page = [
        (mid - 12, base),
        (mid - width, base - 40),
        (mid - width, base - 40 - height),
        (mid - 12, base - height),
    ]
    right_page = [(2 * mid - px, py) for px, py in left_page]
    d.polygon(left_page, fill=PAGE)
    d.polygon(right_page, fill=PAGE)
    d.rectangle((mid - 10, base - height, mid + 10, base + 6), fill=SPINE)
    for n in range(1, 4):  # lines of text on each page
        dy = base - height + 30 + n * 40
        d.line((mid - width + 50, dy - 32, mid - 50, dy - 4), fill=SPINE, width=14)
        d.line((mid + 50, dy - 4, mid + width - 50, dy - 32), fill=SPINE, width=14)
    return img if size == CANVAS else img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    """Write the PNG and ICO files into packaging/icons/."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    big = draw()
    draw(512).save(OUT_DIR / "sohoi-512.png", optimize=True)
    draw(256).save(OUT_DIR / "sohoi.png", optimize=True)
    big.save(OUT_DIR / "sohoi.ico", sizes=ICO_SIZES)
    for name in ("sohoi.png", "sohoi-512.png", "sohoi.ico"):
        print(OUT_DIR / name)


if __name__ == "__main__":
    main()
