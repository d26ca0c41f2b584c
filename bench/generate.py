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
# Background sentences with no event, as real articles have: context, analysis, colour.
BACKGROUND = [
    "ويأتي ذلك في وقت تتزايد فيه الضغوط الاقتصادية على الحكومة بسبب ارتفاع الأسعار وتراجع قيمة العملة المحلية.",
    "ويقول خبراء إن الأرقام المعلنة لا تعكس بالضرورة الواقع على الأرض، نظرا لصعوبة التحقق من المعلومات.",
    "وتعود جذور الأزمة إلى سنوات طويلة من الخلافات الحدودية والتاريخية بين الجانبين.",
    "وتبقى المنطقة من أكثر المناطق حساسية في العالم، إذ تمر عبرها طرق تجارية رئيسية.",
    "وكان البرلمان قد ناقش في جلسته الأخيرة مشروع قانون يتعلق بالميزانية السنوية وأولويات الإنفاق.",
    "ولم تتضح بعد التفاصيل الكاملة لهذه الخطوة، كما لم يصدر تعليق رسمي فوري على ما ورد في التقرير.",
    "ويشير مراقبون إلى أن المرحلة المقبلة ستكون حاسمة في تحديد مسار الأحداث خلال الأشهر القادمة.",
    "وتعاني البنية التحتية في المدن القريبة من خطوط التماس من أضرار واسعة، فيما يواجه السكان نقصا في الخدمات.",
    "ويعد هذا الملف من أبرز القضايا المطروحة على جدول أعمال القمة الإقليمية المرتقبة.",
    "ويرتبط الاقتصاد المحلي بشكل كبير بصادرات الطاقة والمواد الخام، ما يجعله عرضة لتقلبات الأسواق العالمية.",
    "وتتباين التقديرات حول حجم الخسائر، إلا أن مصادر مستقلة تتحدث عن أرقام أعلى بكثير من الأرقام الرسمية.",
    "وقد أثارت هذه التطورات نقاشا واسعا في وسائل الإعلام المحلية ومواقع التواصل الاجتماعي.",
]
BOILER = ["شارك الخبر", "كلمات دلالية: روسيا أوكرانيا حرب عقوبات", "© 2025 جميع الحقوق محفوظة"]


def article(rng: random.Random, n: int, size: int = 4000) -> dict:
    parts = [f"عنوان رقم {n}: تطورات جديدة في ملف التعاون العسكري", ""]
    length = 0
    while length < size - 300:
        a, b = rng.sample(ACTORS, 2)
        # About half the sentences report events, as in the seed corpus (~9 event mentions per 4 KB).
        template = rng.choice(TEMPLATES) if rng.random() < 0.5 else rng.choice(BACKGROUND)
        s = template.format(a=a, b=b, speaker=rng.choice(SPEAKERS), item=rng.choice(ITEMS),
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


def varied_articles(count: int, *, seed: int = 5, copy_every: int = 10) -> Iterator[dict]:
    """Articles of varied wording for duplicate detection (~4 KB): words drawn from a
    Zipf-distributed vocabulary of 20,000 Arabic-letter forms, so two unrelated articles
    share few 4-grams, as real ones do; every `copy_every`-th article is a near-copy of an
    earlier one (a few words changed, clutter added, paragraphs reordered)."""
    import numpy as np
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    vocab = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 7))) for _ in range(20_000)]
    kept: list[list[str]] = []
    for n in range(count):
        if n and n % copy_every == 0 and kept:
            paras = list(rng.choice(kept))
            rng.shuffle(paras)
            paras = [" ".join(w if rng.random() > 0.03 else rng.choice(vocab) for w in p.split()) for p in paras]
            paras = ["شارك الخبر"] + paras + ["كلمات دلالية: سياسة أخبار"]
        else:
            ranks = np.minimum(nrng.zipf(1.3, size=700), len(vocab)) - 1
            words = [vocab[r] for r in ranks]
            paras = [" ".join(words[i:i + 70]) + "." for i in range(0, len(words), 70)]
            if len(kept) < 2000:
                kept.append(paras)
            elif rng.random() < 0.1:
                kept[rng.randrange(len(kept))] = paras
        yield {"id": f"var-{n:07d}", "text": "\n".join(paras), "published": f"2024-11-{1 + n % 28:02d}"}


# Frequent Arabic words, mixed into the generated filler vocabulary so that filler reads
# like running text to the tokenizer (function words are most of real news text).
_COMMON = ("في من على إلى أن التي الذي عن مع هذا هذه كان بعد قبل بين حيث كما لكن قد وقد ما لا لم "
           "الحكومة الرئيس وزير المسؤولين البلاد العاصمة المدينة الدولة الجيش القوات الأمن الوضع "
           "السياسي الاقتصادي المحلية الدولية العام الماضي الجديد الأولى خلال اليوم عدد أكثر أقل").split()


OUTLETS = ["news.example", "wire.example", "daily.example", "tv.example", "agency.example"]


def news_articles(count: int, *, seed: int = 11, copy_share: float = 0.15, per_day: int = 300,
                  size: int = 4000) -> Iterator[dict]:
    """A news stream as the store meets it (~4 KB articles): event sentences from the
    templates (the pipeline's work is the same as `articles`) inside paragraphs of varied
    prose, so two unrelated articles share few 4-grams and no paragraph, as real ones;
    `per_day` articles a day, published dates advancing; and `copy_share` of them near-copies
    of an article of the last day or so (wire copies: reordered, re-cluttered, a few words
    changed, or cut short).

    `articles` instead builds every paragraph from the same few dozen sentences: each article
    then shares LSH bands and paragraphs with thousands of others, a worst case for
    duplicate detection (`ingest_bench --corpus templated`)."""
    import datetime as dt
    import numpy as np
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    forms = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 7))) for _ in range(30_000)]
    recent: list[tuple[list[str], str]] = []     # the last originals: (paragraphs, published)
    start = dt.date(2024, 1, 1)

    def filler() -> str:
        ranks = np.minimum(nrng.zipf(1.3, size=rng.randint(10, 24)), len(forms)) - 1
        return " ".join(rng.choice(_COMMON) if rng.random() < 0.3 else forms[r] for r in ranks) + "."

    def event() -> str:
        a, b = rng.sample(ACTORS, 2)
        return rng.choice(TEMPLATES).format(a=a, b=b, speaker=rng.choice(SPEAKERS), item=rng.choice(ITEMS),
                                            when=rng.choice(WHEN), qty=rng.choice(QTY))

    for n in range(count):
        published = (start + dt.timedelta(days=n // per_day)).isoformat()
        if recent and rng.random() < copy_share:
            paras, _ = rng.choice(recent)
            paras = list(paras)
            if rng.random() < 0.3:                       # a shorter cut of the story
                paras = paras[:max(2, len(paras) * 2 // 3)]
            else:
                rng.shuffle(paras)
            paras = [" ".join(w if rng.random() > 0.03 else rng.choice(forms) for w in p.split()) for p in paras]
            text = "\n".join([rng.choice(BOILER)] + paras + [rng.choice(BOILER)])
        else:
            paras, length = [], 0
            while length < size - 300:
                # about half the sentences report events, as in `articles` and the seed corpus
                p = " ".join(event() if rng.random() < 0.5 else filler() for _ in range(rng.randint(1, 3)))
                paras.append(p)
                length += len(p.encode("utf-8")) + 1
            recent.append((paras, published))
            del recent[:-per_day]
            text = "\n".join([f"عنوان رقم {n}: تطورات جديدة في ملف التعاون العسكري", ""] + paras + [""] + BOILER)
        # ids as feeds and WARC give them: URLs, in no particular order, so that every table
        # keyed by document meets new keys at random places, as it does in real use
        yield {"id": f"https://{rng.choice(OUTLETS)}/{rng.getrandbits(48):012x}", "text": text, "published": published}
