"""Synthetic Arabic news articles for benchmarks (~4 KB each), written for rasd.

Sentences are assembled from templates with random actors, numbers and dates, so the
pipeline meets realistic work: names, demonyms, titles, quantities, relative dates,
claims, denials, boilerplate. Articles are generated one at a time (streamed).
"""
from __future__ import annotations

import json
import random
from collections.abc import Iterator

ACTORS = ["روسيا", "كوريا الشمالية", "إيران", "أوكرانيا", "الولايات المتحدة", "كوريا الجنوبية", "الصين",
          "بيلاروسيا", "تركيا", "إسرائيل", "موسكو", "بيونغ يانغ", "طهران", "كييف", "سيول", "واشنطن", "بكين"]
SPEAKERS = ["المتحدث باسم الكرملين دميتري بيسكوف", "وزير الدفاع الروسي", "الرئيس الأوكراني فولوديمير زيلينسكي",
            "مسؤول أمريكي", "وزارة الخارجية الكورية الجنوبية", "مصدر عسكري", "الجيش الأوكراني",
            "وكالة الأنباء المركزية الكورية", "مسؤولون غربيون", "وزير الخارجية الإيراني"]
ITEMS = ["قذائف مدفعية", "صواريخ باليستية", "طائرات مسيرة", "ذخائر", "راجمات صواريخ", "معدات عسكرية", "دبابات"]
WHEN = ["الاثنين", "الثلاثاء", "مساء الأربعاء", "أمس", "الشهر الماضي", "في تشرين الأول/ أكتوبر", "في آب/ أغسطس 2024",
        "الأسبوع الماضي", "في وقت سابق من هذا الشهر", "في 12 حزيران/ يونيو"]
QTY = ["11 ألف", "أكثر من 16 ألف", "مئات", "نحو 500", "عشرات الآلاف", "ثلاثة آلاف", "ملايين", "مائتان وأربعون"]

TEMPLATES = [
    "قال {speaker}، {when}، إن {a} أرسلت {qty} من {item} إلى {b} لدعم عملياتها العسكرية.",
    "نفت {a} التقارير التي تفيد بإرسال {b} جنودا إلى الجبهة، ووصفتها بأنها كاذبة.",
    "وأضاف {speaker} أن {a} تعتزم شراء {item} من {b} خلال الأشهر المقبلة.",
    "ويُشتبه في أن {a} تزود {b} بـ{item} منذ بداية الحرب، بحسب {speaker}.",
    "والتقى وزير خارجية {a} نظيره من {b} {when} في العاصمة، وبحثا تعزيز التعاون العسكري.",
    "وحذرت {a} {b} من أي خطوة تصعيدية، مؤكدة أنها سترد بحزم.",
    "وتتهم {a} {b} بتزويد القوات المعادية بـ{item}، وهو ما تنفيه {b}.",
    "وفرضت {a} عقوبات جديدة على شركات من {b} متهمة بنقل {item}.",
    "وشنت قوات {a} {when} هجوما واسعا على مواقع {b} في المنطقة الحدودية.",
    "وأجرت {a} {when} تجربة جديدة لإطلاق صاروخ بعيد المدى، بحسب {speaker}.",
    "ووقعت {a} و{b} اتفاقية شراكة استراتيجية شاملة تشمل تدريبات مشتركة.",
    "وأشار التقرير إلى أن {qty} جندي من {a} باتوا موجودين على أراضي {b}.",
    "ويرى محللون أن هذه التطورات تعكس تحولا في ميزان القوى الإقليمي، في ظل استمرار الحرب وتراجع الدعم.",
    "وتشهد العلاقات بين البلدين توترا متزايدا منذ سنوات، وسط مخاوف من اتساع رقعة النزاع.",
]
BOILER = ["شارك الخبر", "كلمات دلالية: روسيا أوكرانيا حرب عقوبات", "© 2025 جميع الحقوق محفوظة"]


def article(rng: random.Random, n: int, size: int = 4000) -> dict:
    parts = [f"عنوان رقم {n}: تطورات جديدة في ملف التعاون العسكري", ""]
    length = 0
    while length < size - 300:
        a, b = rng.sample(ACTORS, 2)
        s = rng.choice(TEMPLATES).format(a=a, b=b, speaker=rng.choice(SPEAKERS), item=rng.choice(ITEMS),
                                         when=rng.choice(WHEN), qty=rng.choice(QTY))
        parts.append(s)
        length += len(s.encode("utf-8")) + 1
    parts += [""] + BOILER
    day = 1 + n % 28
    return {"id": f"gen-{n:07d}", "text": "\n".join(parts), "published": f"2024-11-{day:02d}"}


def articles(count: int, *, seed: int = 7, size: int = 4000) -> Iterator[dict]:
    rng = random.Random(seed)
    for n in range(count):
        yield article(rng, n, size)


def write_jsonl(path: str, count: int, *, seed: int = 7) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for a in articles(count, seed=seed):
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
