"""Each input format, and each kind of bad input, with real assertions."""
import gzip
import io
import json
import os

import pytest

from rasd.ingest.encoding import decode, fix_mojibake
from rasd.ingest.readers import read_paths
from rasd.model import Document, Skipped
from rasd.pipeline import load_settings

ARTICLE = "أرسلت كوريا الشمالية جنودا إلى روسيا، بحسب مسؤولين في سيول.\nوقال الكرملين إن التقارير كاذبة."


def read(*paths, **kw):
    return list(read_paths([str(p) for p in paths], settings=load_settings(), **kw))


def test_plain_text_utf8_with_and_without_bom(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode())
    docs = read(tmp_path)
    assert [d.id for d in docs] == ["a", "b"]
    assert all(d.text == ARTICLE for d in docs)
    assert all(d.language == "ar" for d in docs)


@pytest.mark.parametrize("encoding", ["cp1256", "iso8859_6"])
def test_arabic_single_byte_encodings_are_detected(tmp_path, encoding):
    text = "قال مسؤول أمريكي إن روسيا تسلمت طائرات مسيرة من إيران"
    (tmp_path / "x.txt").write_bytes(text.encode(encoding))
    [doc] = read(tmp_path / "x.txt")
    assert doc.text == text
    assert doc.encoding == encoding


def test_mojibake_is_detected_and_repaired():
    broken = "روسيا تشتري".encode("utf-8").decode("cp1252", errors="replace")
    fixed, repaired = fix_mojibake("روسيا تشتري".encode("utf-8").decode("latin-1"))
    assert repaired and fixed == "روسيا تشتري"
    assert fix_mojibake("نص عربي سليم") == ("نص عربي سليم", False)
    assert broken  # the cp1252 form is what a wrong upstream decode leaves


def test_html_main_text_and_metadata(tmp_path):
    html = """<html><head><title>عنوان | موقع</title><meta property="og:site_name" content="موقع الخبر">
    <meta property="article:published_time" content="2024-11-06"></head><body>
    <nav><a href="/">الرئيسية</a> <a href="/x">سياسة</a></nav>
    <article><h1>روسيا تصادق على المعاهدة</h1><p>صادق مجلس الاتحاد الروسي على معاهدة دفاع مشترك مع كوريا الشمالية.</p></article>
    <footer>جميع الحقوق محفوظة</footer></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    [doc] = read(tmp_path / "page.html")
    assert "صادق مجلس الاتحاد الروسي" in doc.text
    assert "الرئيسية" not in doc.text
    assert doc.published == "2024-11-06"
    assert doc.outlet == "موقع الخبر"


def test_jsonl_records_and_a_bad_line(tmp_path):
    lines = [json.dumps({"id": "r1", "text": ARTICLE, "published": "2024-11-01"}, ensure_ascii=False),
             "{not json", json.dumps({"id": "r3"}), json.dumps({"id": "r4", "text": "نص آخر عن إيران"}, ensure_ascii=False)]
    (tmp_path / "w.jsonl").write_text("\n".join(lines), encoding="utf-8")
    out = read(tmp_path / "w.jsonl")
    docs = [o for o in out if isinstance(o, Document)]
    skipped = [o for o in out if isinstance(o, Skipped)]
    assert [d.id for d in docs] == ["r1", "r4"]
    assert docs[0].published == "2024-11-01"
    assert [s.reason for s in skipped] == ["bad_json", "bad_json"]
    assert skipped[0].source.endswith("w.jsonl:2")


def test_manifest_gives_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text(json.dumps({"file": "a.txt", "published": "2024-10-10",
                                                         "outlet": "خليجي"}, ensure_ascii=False), encoding="utf-8")
    [doc] = read(tmp_path)
    assert (doc.published, doc.outlet) == ("2024-10-10", "خليجي")


def _warc(records):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    for url, html in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers))
    return buf.getvalue()


def test_warc_records_and_a_truncated_archive(tmp_path):
    page = "<html><body><article><p>{}</p></article></body></html>"
    data = _warc([("https://a.example/1", page.format(ARTICLE)), ("https://a.example/2", page.format("زار كيم روسيا."))])
    (tmp_path / "a.warc").write_bytes(data)
    docs = read(tmp_path / "a.warc")
    assert [d.id for d in docs] == ["https://a.example/1", "https://a.example/2"]
    assert "كوريا الشمالية" in docs[0].text
    (tmp_path / "b.warc").write_bytes(data[: len(data) * 2 // 3])
    out = read(tmp_path / "b.warc")
    assert isinstance(out[0], Document)
    assert isinstance(out[-1], Skipped) and out[-1].reason == "bad_warc"


def test_rss_feed_entries(tmp_path):
    rss = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>وكالة</title>
    <item><title>خبر</title><link>https://f.example/1</link><guid>g1</guid>
    <pubDate>Wed, 06 Nov 2024 10:00:00 GMT</pubDate><description>&lt;p&gt;{ARTICLE}&lt;/p&gt;</description></item>
    </channel></rss>"""
    (tmp_path / "news.rss").write_text(rss, encoding="utf-8")
    [doc] = read(tmp_path / "news.rss")
    assert doc.id == "g1" and doc.published == "2024-11-06"
    assert "كوريا الشمالية" in doc.text


def test_bad_inputs_are_skipped_with_a_reason_and_the_batch_goes_on(tmp_path):
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_blank.txt").write_bytes(b"  \n\n ")
    (tmp_path / "c_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)))
    (tmp_path / "d_good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "e_big.txt").write_bytes(b"x" * 2048)
    settings = load_settings()
    settings["input"]["max_bytes"] = 1024
    out = list(read_paths([str(tmp_path), str(tmp_path / "nowhere")], settings=settings))
    reasons = {os.path.basename(o.source): o.reason for o in out if isinstance(o, Skipped)}
    assert reasons == {"a_empty.txt": "empty", "b_blank.txt": "empty", "c_binary.txt": "binary",
                       "e_big.txt": "too_large", "nowhere": "missing"}
    assert [d.id for d in out if isinstance(d, Document)] == ["d_good"]


def test_directory_loop_is_reported_not_followed(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    out = read(tmp_path)
    assert [d.id for d in out if isinstance(d, Document)] == ["a"]
    assert any(isinstance(o, Skipped) and o.reason == "loop" for o in out)


def test_file_deleted_mid_run(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    it = read_paths([str(tmp_path)], settings=load_settings())
    first = next(it)
    (tmp_path / "b.txt").unlink()
    rest = list(it)
    assert first.id == "a"
    assert [type(o).__name__ for o in rest] == ["Skipped", "Document"]
    assert rest[0].reason == "missing"


def test_undecodable_bytes_raise_a_named_error():
    from rasd.errors import InputError
    with pytest.raises(InputError) as e:
        decode(b"")
    assert e.value.reason == "empty"
    with pytest.raises(InputError) as e:       # valid UTF-8, but control characters: not text
        decode(b"\x1b\x02\x03\x04" * 300)
    assert e.value.reason == "binary"
    import random
    rng = random.Random(4)
    noise = bytes(rng.randrange(1, 256) for _ in range(3000))
    with pytest.raises(InputError) as e:       # no encoding turns it into text
        decode(noise)
    assert e.value.reason in ("undecodable", "binary")


def test_an_undecodable_file_is_skipped_and_the_batch_goes_on(tmp_path):
    import random
    rng = random.Random(4)
    (tmp_path / "a_noise.txt").write_bytes(bytes(rng.randrange(1, 256) for _ in range(3000)))
    (tmp_path / "b_good.txt").write_text(ARTICLE, encoding="utf-8")
    out = read(tmp_path)
    assert isinstance(out[0], Skipped) and out[0].reason in ("undecodable", "binary")
    assert out[1].id == "b_good"


def test_gzipped_text(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    [doc] = read(tmp_path)
    assert doc.text == ARTICLE
