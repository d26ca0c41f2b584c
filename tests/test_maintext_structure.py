"""Structure rules of the main-text stage beyond the main run: runs of short lines beside the
article, prompts after it, ruby annotations, and pages whose article resiliparse's
main-content step prunes whole. Every page is written for these tests."""
from rasd.ingest.cascade import main_text, without_ruby_text
from rasd.ingest.maintext import Options

FAST = Options(fallback=False)       # no second extractor to hide behind

INTRO = [
    "Once a month we cook without meat, and this noodle dish has become the one the whole family "
    "asks for again: smoky from the wok, sweet from the soy sauce and crisp from the fried tofu.",
    "The cooking itself is quick. Only the tofu takes a while, because it has to be fried until it is "
    "golden on every side before it goes back into the pan with the noodles at the very end.",
]
STEPS = ["200g flat rice noodles", "1 block of firm tofu, diced", "2 cloves of garlic, minced",
         "1 tbsp sweet soy sauce", "1 tbsp light soy sauce", "1 tsp sugar", "A handful of bean sprouts",
         "Fry the tofu until golden.", "Stir fry the garlic until fragrant.", "Add the noodles and the sauces.",
         "Toss in the sprouts and serve hot."]


def _recipe_page(steps: list[str], after: str = "") -> str:
    intro = "".join(f"<p>{t}</p>" for t in INTRO)
    lines = "".join(f"<div>{s}</div>" for s in steps)
    return f"""<html><body><nav><a href="/">Home</a> <a href="/recipes">Recipes</a></nav>
<main><h1>Vegan fried noodles</h1>{intro}<h3>Ingredients and steps</h3>{lines}{after}</main>
<div><a href="/a">Noodle soup</a></div><div><a href="/b">Fried rice</a></div><div><a href="/c">Dumplings</a></div>
</body></html>"""


def test_a_run_of_short_lines_beside_the_article_belongs_to_it():
    text = main_text(_recipe_page(STEPS), options=FAST).text
    assert all(s in text for s in STEPS)
    assert "Noodle soup" not in text


def test_a_line_or_two_beside_the_article_does_not():
    text = main_text(_recipe_page(["Photos: the author", "Made in our kitchen"]), options=FAST).text
    assert INTRO[1] in text
    assert "Made in our kitchen" not in text
    assert main_text(_recipe_page(STEPS), options=Options(fallback=False, short_run=0)).text.count("Fry the tofu") == 0


def test_a_question_after_the_last_paragraph_is_a_prompt_but_one_inside_is_the_articles():
    ar = ["أعلنت البلدية أنها ستعيد فتح السوق القديم بعد ترميمه، وأن المحلات ستعود إلى أصحابها الأصليين "
          "بالإيجار نفسه الذي كانوا يدفعونه قبل الحريق الذي أتى على نصف المبنى قبل عامين.",
          "لماذا تأخر الترميم كل هذا الوقت؟",
          "وقال رئيس البلدية إن التمويل وصل متأخرا، وإن المقاول الأول انسحب من المشروع بعد ستة أشهر من "
          "بدء العمل، مما اضطر البلدية إلى طرح مناقصة جديدة استغرقت وقتا طويلا."]
    page = ('<html lang="ar"><body><article><h1>إعادة فتح السوق القديم</h1>' + "".join(f"<p>{t}</p>" for t in ar)
            + "<p>هل أعجبك هذا المقال؟</p></article></body></html>")
    text = main_text(page, options=FAST).text
    assert all(t in text for t in ar)
    assert "هل أعجبك هذا المقال" not in text


def test_ruby_readings_are_left_out():
    html = "<p><ruby>漢字<rt>かんじ</rt></ruby>を<ruby>読<rp>(</rp><rt>よ</rt><rp>)</rp></ruby>む</p>"
    assert without_ruby_text(html) == "<p><ruby>漢字</ruby>を<ruby>読</ruby>む</p>"
    plain = "<p>no annotations here</p>"
    assert without_ruby_text(plain) is plain
    page = ("<html><body><article>" + "<p>" + "<ruby>政府<rt>せいふ</rt></ruby>は新しい法律を作りました。" * 12
            + "</p></article></body></html>")
    text = main_text(page, options=FAST).text
    assert "政府は新しい法律" in text and "せいふ" not in text


def _no_second_extractor(monkeypatch):
    import rasd.ingest.cascade as cascade

    def refuse(html, *, fast):
        raise AssertionError("trafilatura was asked")
    monkeypatch.setattr(cascade, "_trafilatura", refuse)


def test_a_page_without_prose_anywhere_is_not_sent_to_the_second_extractor(monkeypatch):
    _no_second_extractor(monkeypatch)
    cards = "".join(f"<div><h3>Leather bag no. {i}</h3><p>Brown, 32 cm, hand stitched</p><p>{80 + i} EUR</p></div>"
                    for i in range(20))
    got = main_text(f"<html><body><main><h1>Bags</h1>{cards}</main></body></html>", options=Options())
    assert got.extractor == "rasd" and "Leather bag no. 7" in got.text


def test_an_article_pruned_whole_is_found_on_the_whole_page_without_a_second_extractor(monkeypatch):
    _no_second_extractor(monkeypatch)
    prose = ["Der Gemeinderat hat am Dienstag einen neuen Haushalt beschlossen, der deutlich mehr Geld für "
             "die Sanierung der Schulen und den Ausbau der Radwege vorsieht als im vergangenen Jahr.",
             "Die Opposition kritisierte die geplante Erhöhung der Grundsteuer, stimmte am Ende aber dennoch "
             "zu, weil die Stadt ohne Haushalt keine neuen Aufträge hätte vergeben dürfen.",
             "Der Kämmerer rechnet damit, dass die Stadt im kommenden Jahr erstmals seit langem wieder "
             "ohne neue Schulden auskommt, sofern die Gewerbesteuer nicht stärker einbricht."]
    # resiliparse's main-content step drops an <aside> with everything in it
    page = ('<html><body><nav><a href="/">Start</a> <a href="/politik">Politik</a></nav><aside><h1>Haushalt '
            'beschlossen</h1>' + "".join(f"<p>{t}</p>" for t in prose) + "</aside></body></html>")
    got = main_text(page, options=Options())         # the second extractor allowed, and not needed
    assert (got.extractor, got.why) == ("page", "empty")
    assert all(t in got.text for t in prose) and "Politik" not in got.text


AR_LONG = [
    "أعلنت وزارة الدفاع يوم الثلاثاء أنها تسلمت الدفعة الأولى من منظومات الدفاع الجوي التي جرى التعاقد عليها "
    "العام الماضي، على أن تصل بقية الدفعات تباعا خلال الأشهر الستة المقبلة وفق الجدول الزمني المتفق عليه.",
    "وقال المتحدث باسم الوزارة في مؤتمر صحفي إن المنظومات ستنشر أولا حول المنشآت الحيوية في العاصمة، ثم في "
    "المحافظات الحدودية، مضيفا أن فرقا فنية ستتولى تدريب الأطقم المحلية على تشغيلها وصيانتها.",
    "وأوضح أن الصفقة تشمل أيضا قطع غيار وذخائر تكفي لعدة سنوات، وأن قيمتها الإجمالية لم تتغير رغم ارتفاع "
    "أسعار الشحن والتأمين منذ توقيع العقد، وهو ما اعتبره دليلا على متانة العلاقة بين البلدين.",
    "من جهتها، رحبت لجنة الأمن والدفاع في البرلمان بوصول الدفعة الأولى، ودعت الحكومة إلى إطلاع النواب على "
    "تفاصيل العقد كاملة، بما في ذلك بنود نقل التكنولوجيا والتصنيع المحلي لبعض المكونات.",
    "ويرى محللون عسكريون أن هذه الخطوة تأتي في سياق سعي البلاد إلى تنويع مصادر تسليحها، بعد سنوات من "
    "الاعتماد على مورد واحد، وفي ظل توتر متصاعد على حدودها الشمالية منذ مطلع العام.",
    "وكانت الحكومة قد أعلنت في وقت سابق عن خطة خمسية لتحديث القوات المسلحة، تتضمن شراء طائرات نقل ومروحيات "
    "وزوارق دورية، إلى جانب بناء مراكز جديدة للتدريب والصيانة في ثلاث محافظات.",
    "وأكد المتحدث أن الوزارة ستصدر بيانا مفصلا عند وصول كل دفعة، وأنها لن تكشف عن مواقع النشر لأسباب أمنية، "
    "داعيا وسائل الإعلام إلى تحري الدقة وعدم تداول صور أو مقاطع غير موثقة.",
    "وفي ختام المؤتمر، أشار إلى أن التعاون مع الدولة المصدرة يشمل كذلك برامج تبادل للضباط ودورات تدريبية "
    "مشتركة، من المقرر أن تبدأ أولاها في الربيع المقبل على أراضي البلدين بالتناوب.",
    "وتعد هذه الصفقة الأكبر من نوعها في تاريخ البلاد، إذ تتجاوز قيمتها مجموع ما أنفقته الحكومة على التسلح "
    "خلال العقد الماضي، وفق أرقام نشرتها وزارة المالية ضمن تقريرها السنوي عن الإنفاق العام.",
    "وأبدى خبراء اقتصاديون قلقهم من أثر الصفقة على الموازنة العامة في ظل ارتفاع الدين الخارجي، بينما رأى "
    "آخرون أن بنود التصنيع المحلي قد توفر آلاف فرص العمل وتنشط قطاع الصناعات الهندسية.",
    "وفي المقابل، انتقدت أحزاب معارضة غياب الشفافية عن مراحل التفاوض، وطالبت بنشر تقرير مستقل يقيم الحاجة "
    "الفعلية إلى هذه المنظومات وكلفة تشغيلها على المدى الطويل مقارنة بالبدائل المتاحة.",
    "ومن المنتظر أن يناقش البرلمان في جلسته المقبلة طلبا لاستدعاء وزير الدفاع، للاستماع إلى إفادته حول "
    "الجدول الزمني للتسليم وخطط التدريب والضمانات التي قدمتها الجهة المصدرة بشأن الصيانة.",
]


def test_a_long_article_found_on_the_whole_page_decides_without_the_second_extractor(monkeypatch):
    _no_second_extractor(monkeypatch)
    # resiliparse's main-content step keeps a short note and prunes the <aside> the article is in
    note = "الطقس اليوم غائم جزئيا مع فرص لهطول أمطار خفيفة في المساء على المناطق الساحلية والشمالية."
    page = ('<html><body><nav><a href="/">الرئيسية</a> <a href="/politics">سياسة</a> <a href="/sport">رياضة</a>'
            f'</nav><main><p>{note}</p></main><aside><h1>وصول الدفعة الأولى من منظومات الدفاع الجوي</h1>'
            + "".join(f"<p>{t}</p>" for t in AR_LONG) + "</aside></body></html>")
    got = main_text(page, options=Options())
    assert (got.extractor, got.why) == ("page", "short")
    assert all(t in got.text for t in AR_LONG) and "رياضة" not in got.text
    # with long_prose = 0 the second extractor is asked, as before
    asked = []
    import rasd.ingest.cascade as cascade
    monkeypatch.setattr(cascade, "_trafilatura", lambda html, *, fast: asked.append(1) or "")
    main_text(page, options=Options(long_prose=0))
    assert asked == [1]


def test_a_short_article_found_on_the_whole_page_still_goes_to_the_second_extractor(monkeypatch):
    import rasd.ingest.cascade as cascade
    asked = []
    monkeypatch.setattr(cascade, "_trafilatura", lambda html, *, fast: asked.append(1) or "")
    note = "The weather today is partly cloudy, with a chance of light rain on the coast in the evening."
    prose = ["The defence ministry said on Tuesday that it had received the first batch of the air defence "
             "systems ordered last year, and that the rest would follow over the next six months.",
             "A spokesman told reporters the systems would first be deployed around key sites in the capital, "
             "then in the border provinces, while technical teams train the local crews.",
             "Opposition members of parliament asked for the full contract to be published, including the "
             "clauses on technology transfer and on building some of the parts at home."]
    page = (f'<html><body><main><p>{note}</p></main><aside><h1>First air defence systems arrive</h1>'
            + "".join(f"<p>{t}</p>" for t in prose) + "</aside></body></html>")
    main_text(page, options=Options())
    assert asked == [1]         # too little prose on the whole page to trust its reading alone


def test_the_second_extractors_furniture_lines_are_dropped(monkeypatch):
    import rasd.ingest.cascade as cascade
    article = ["وقال المتحدث باسم الوزارة إن الدفعة الأولى من المنظومات وصلت إلى البلاد يوم الثلاثاء، وإن بقية "
               "الدفعات ستصل خلال الأشهر المقبلة وفق الجدول الزمني المتفق عليه بين الطرفين.",
               "The ministry added that technical teams would train the local crews over the coming weeks."]
    second = "\n".join([article[0], "شارك الخبر", "Share this article", article[1], "Photo: Reuters",
                        "آخر تحديث: 12:30"])
    monkeypatch.setattr(cascade, "_trafilatura", lambda html, *, fast: second)
    note = "The weather today is partly cloudy, with a chance of light rain on the coast in the evening."
    page = (f"<html><body><main><p>{note}</p></main><aside>" + "".join(f"<p>{t}</p>" for t in AR_LONG[:4])
            + "</aside></body></html>")
    got = main_text(page, options=Options())
    assert got.extractor == "trafilatura"
    assert got.text == "\n".join(article)


def test_the_article_starts_at_its_title():
    """A section's name before a title that ranks as high, and a kicker or date line right
    before the title, are not the article's; a higher-ranking title before a subtitle is."""
    prose = "".join(f"<p>{t}</p>" for t in AR_LONG[:3])
    page = ('<html><body><nav><a href="/">الرئيسية</a> <a href="/n">أخبار</a> <a href="/s">رياضة</a></nav>'
            "<main><h2>بيانات صحفية</h2><h2>وصول الدفعة الأولى من منظومات الدفاع الجوي إلى البلاد</h2>"
            f"{prose}</main></body></html>")
    text = main_text(page, options=FAST).text
    assert text.startswith("وصول الدفعة الأولى") and "بيانات صحفية" not in text
    english = ("The defence ministry said on Tuesday that it had received the first batch of the air defence "
               "systems ordered last year, and that the rest would follow over the next six months. ")
    page = ('<html><body><main><div>Press release | Updated 12 March 2025</div><h1>First air defence systems '
            f"arrive</h1><p>{english * 2}</p><p>{english}</p></main></body></html>")
    text = main_text(page, options=FAST).text
    assert text.startswith("First air defence systems arrive") and "Press release" not in text
    page = (f"<html><body><main><h1>Air defence</h1><h2>The first systems arrive after a year of delays</h2>"
            f"<p>{english * 2}</p><p>{english}</p></main></body></html>")
    assert main_text(page, options=FAST).text.startswith("Air defence\n\nThe first systems arrive")


def test_bare_lines_after_an_article_in_paragraphs_are_not_its_own():
    """An article written in <p>: the bare lines after its last paragraph (an author's note,
    a disclaimer, a prompt to donate) go; an article written in bare lines keeps its own."""
    paragraphs = "".join(f"<p>{t}</p>" for t in AR_LONG[:4])
    bio = ("محمد أحمد صحفي متخصص في الشؤون العسكرية، عمل مراسلا في عدة عواصم عربية وغطى النزاعات في المنطقة "
           "لأكثر من عشر سنوات، ويكتب أسبوعيا في قسم التحليلات.")
    donate = "Support independent journalism: become a member today and read without limits."
    page = (f"<html><body><main><h1>وصول الدفعة الأولى من منظومات الدفاع الجوي</h1>{paragraphs}"
            f"<div>{bio}</div><div>{donate}</div></main></body></html>")
    text = main_text(page, options=FAST).text
    assert all(t in text for t in AR_LONG[:4]) and bio not in text and donate not in text
    kept = main_text(page, options=Options(fallback=False, tail_lines=False)).text
    assert bio in kept                      # what the rule takes away
    lines = "".join(f"<div>{t}</div>" for t in AR_LONG[:4])
    page = f"<html><body><main><h1>وصول الدفعة الأولى</h1>{lines}<div>{bio}</div></main></body></html>"
    text = main_text(page, options=FAST).text
    assert all(t in text for t in AR_LONG[:4]) and bio in text        # no paragraphs: nothing to tell it by
