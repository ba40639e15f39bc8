"""Decoding: encodings a scrape arrives in, and the inputs ingest must refuse."""

from __future__ import annotations

import codecs

import pytest

from actorgraph.errors import IngestError
from actorgraph.ingest import IngestLimits, content_hash, load_path, load_text

ARTICLE = ("Militants attacked a convoy near Gao on Monday, officials said. "
           "« Déjà vu », a resident told reporters.\n")


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_with_bom_is_decoded_and_recorded(tmp_path):
    doc = load_path(_write(tmp_path, "a.txt", codecs.BOM_UTF8 + ARTICLE.encode()))
    assert doc.text == ARTICLE
    assert any("byte order mark" in r for r in doc.repairs)


def test_utf16_with_bom(tmp_path):
    doc = load_path(_write(tmp_path, "a.txt", ARTICLE.encode("utf-16")))
    assert doc.text == ARTICLE


def test_utf16_without_bom(tmp_path):
    doc = load_path(_write(tmp_path, "a.txt", ARTICLE.encode("utf-16-le")))
    assert doc.text == ARTICLE
    assert any("utf-16-le" in r for r in doc.repairs)


def test_cp1252_fallback_keeps_accents_and_curly_quotes(tmp_path):
    text = "Le groupe a “revendiqué” l’attaque près de Ségou – déjà la troisième cette année.\n"
    doc = load_path(_write(tmp_path, "a.txt", text.encode("cp1252")))
    assert doc.text == text
    assert any("cp1252" in r for r in doc.repairs)


def test_crlf_is_normalised(tmp_path):
    doc = load_path(_write(tmp_path, "a.txt", b"Title line\r\n\r\nBody text of the article goes here.\r\n"))
    assert "\r" not in doc.text
    assert doc.text.startswith("Title line\n\nBody")


def test_double_encoded_utf8_is_repaired():
    clean = "JNIM’s leader said the group’s fighters “will not stop”."
    # how a browser shows UTF-8 read as cp1252 (undefined bytes appear as Latin-1 controls)
    broken = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in clean.encode())
    doc = load_text(broken, "mojibake.txt")
    assert doc.text == clean
    assert any("double-encoded" in r for r in doc.repairs)


def test_binary_junk_is_refused_naming_the_file(tmp_path):
    path = _write(tmp_path, "junk.txt", bytes(range(256)) * 50)
    with pytest.raises(IngestError) as err:
        load_path(path)
    assert str(path) in str(err.value)
    assert "binary" in err.value.reason


def test_control_characters_are_refused():
    with pytest.raises(IngestError, match="binary"):
        load_text("ab\x01\x02\x03\x04cd\x05\x06\x07\x08" * 20, "ctrl.txt")


@pytest.mark.parametrize("data", [b"", b"   \n\n\t  "])
def test_empty_file_is_refused(tmp_path, data):
    with pytest.raises(IngestError, match="empty"):
        load_path(_write(tmp_path, "empty.txt", data))


def test_unsupported_extension_is_refused(tmp_path):
    with pytest.raises(IngestError, match="unsupported file type"):
        load_path(_write(tmp_path, "a.docx", b"PK\x03\x04"))


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(IngestError, match="not found"):
        load_path(tmp_path / "nope.txt")


def test_too_large_is_refused(tmp_path):
    with pytest.raises(IngestError, match="too large"):
        load_path(_write(tmp_path, "big.txt", b"word " * 100), IngestLimits(max_bytes=100))


def test_content_hash_is_sha256_of_raw_bytes(tmp_path):
    data = ARTICLE.encode("utf-16")
    doc = load_path(_write(tmp_path, "a.txt", data))
    assert doc.content_hash == content_hash(data)
    assert len(doc.content_hash) == 64
