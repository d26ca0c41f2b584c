"""Web pages written for the main-text tests: the furniture news sites put around an article
(menus, cookie notices, share bars, "read also" and related lists, tag clouds, comment
threads, footers), in Arabic, German and French. Every sentence is made up for these tests.

Each page is a function of its parts, so a test can say which text must come out (`KEEP`)
and which must not (`DROP`).
"""
from __future__ import annotations

AR_KEEP = [
    "أعلنت وزارة الدفاع الأوكرانية، الثلاثاء، أن روسيا تسلمت دفعة جديدة من الطائرات المسيرة "
    "الإيرانية الصنع خلال الشهر الماضي، وأن القوات الروسية استخدمت بعضها في هجمات على مدينة خيرسون.",
    "وقال المتحدث باسم الوزارة في مؤتمر صحفي إن الدفاعات الجوية أسقطت معظم المسيرات قبل وصولها "
    "إلى أهدافها، مضيفا أن الأضرار اقتصرت على مبان سكنية في أطراف المدينة.",
    "من جهتها، نفت طهران إرسال أي طائرات مسيرة إلى روسيا منذ بداية الحرب، ووصفت وزارة الخارجية "
    "الإيرانية هذه الاتهامات بأنها لا أساس لها من الصحة وتهدف إلى تشويه صورة إيران.",
    "وأضاف المتحدث أن بلاده تتوقع وصول منظومات دفاع جوي إضافية من شركائها الغربيين قبل حلول "
    "الشتاء، وأن المفاوضات بشأنها بلغت مراحلها الأخيرة بحسب مصادر مطلعة على الملف.",
]
AR_DROP = ["الرئيسية", "نستخدم ملفات تعريف الارتباط", "شارك الخبر", "اقرأ أيضاً", "أخبار ذات صلة",
           "الكرملين يرد على العقوبات الجديدة", "رأي القارئ: هذا الخبر غير دقيق", "جميع الحقوق محفوظة",
           "كلمات دلالية", "الأكثر قراءة"]


def arabic_news_page() -> str:
    p = "".join(f"<p>{t}</p>\n" for t in AR_KEEP)
    related = "".join(f'<li><a href="/news/{i}">{t}</a></li>' for i, t in enumerate(
        ["الكرملين يرد على العقوبات الجديدة", "بيونغ يانغ تختبر صاروخا جديدا", "واشنطن تعلن حزمة مساعدات",
         "اجتماع طارئ لمجلس الأمن", "موسكو تستدعي السفير البريطاني"]))
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>روسيا تتسلم مسيرات إيرانية | موقع الرصد</title>
<meta property="og:site_name" content="موقع الرصد">
<meta property="article:published_time" content="2025-10-14T09:30:00+03:00">
<meta name="author" content="قسم الأخبار"></head><body>
<div class="cookie-bar">نستخدم ملفات تعريف الارتباط لتحسين تجربتك. <a href="/privacy">سياسة الخصوصية</a> <button>موافق</button></div>
<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>
<li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li><li><a href="/opinion">رأي</a></li></ul></nav></header>
<main><article>
<h1>روسيا تتسلم دفعة جديدة من المسيرات الإيرانية</h1>
<div class="meta"><span>الرصد</span> <time datetime="2025-10-14">14 أكتوبر 2025</time> <a href="#comments">1 تعليق</a></div>
{p}
<div class="share"><span>شارك الخبر</span> <a href="https://facebook.com/x">فيسبوك</a> <a href="https://twitter.com/x">تويتر</a> <a href="https://wa.me/x">واتساب</a></div>
<div class="read-also"><h3>اقرأ أيضاً</h3><ul>{related}</ul></div>
<div class="tags">كلمات دلالية: <a href="/t/1">روسيا</a> <a href="/t/2">إيران</a> <a href="/t/3">مسيرات</a></div>
</article>
<section class="related"><h2>أخبار ذات صلة</h2><ul>{related}</ul></section>
<section id="comments" class="comments"><h3>التعليقات</h3>
<div class="comment"><p>رأي القارئ: هذا الخبر غير دقيق، فقد أرسلت إيران المسيرات قبل عام كامل وليس الشهر الماضي كما يقول التقرير.</p></div>
</section></main>
<aside><h3>الأكثر قراءة</h3><ol>{related}</ol></aside>
<footer><p>© 2025 موقع الرصد. جميع الحقوق محفوظة</p><a href="/about">من نحن</a> <a href="/contact">اتصل بنا</a></footer>
</body></html>"""


DE_KEEP = [
    "Die Bundesregierung hat am Dienstag ein weiteres Hilfspaket für die von den Überschwemmungen "
    "betroffenen Gemeinden im Süden des Landes beschlossen, wie ein Sprecher in Berlin mitteilte.",
    "Nach Angaben des Ministeriums sollen die Mittel vor allem kleinen Betrieben und Landwirten "
    "zugutekommen, deren Ernte durch das Hochwasser weitgehend zerstört worden ist.",
    "Kritiker aus der Opposition bemängelten, dass das Geld viel zu spät komme und bei weitem nicht "
    "ausreiche, um die Schäden der vergangenen Wochen auch nur annähernd auszugleichen.",
]
DE_DROP = ["Wir verwenden Cookies", "Startseite", "Artikel teilen", "Das könnte Sie auch interessieren",
           "Neue Brücke über den Rhein eröffnet", "Kommentare", "Ich finde das Paket viel zu klein",
           "Alle Rechte vorbehalten", "Newsletter abonnieren"]


def german_news_page() -> str:
    p = "".join(f"<p>{t}</p>\n" for t in DE_KEEP)
    teasers = "".join(f'<div class="teaser"><a href="/artikel/{i}"><h3>{t}</h3></a>'
                      f"<p>{s}</p></div>" for i, (t, s) in enumerate([
                          ("Neue Brücke über den Rhein eröffnet", "Nach vier Jahren Bauzeit ist die neue Brücke "
                           "für den Verkehr freigegeben worden; die Kosten lagen deutlich über der Planung."),
                          ("Streik bei der Bahn angekündigt", "Die Gewerkschaft ruft für das Wochenende zu einem "
                           "Warnstreik auf, Pendler müssen mit erheblichen Einschränkungen rechnen."),
                          ("Mehr Geld für Schulen", "Der Landtag hat ein Programm zur Sanierung maroder "
                           "Schulgebäude beschlossen, das über zehn Jahre laufen soll.")]))
    return f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Hilfspaket beschlossen</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Regierung beschließt Hilfspaket", "datePublished": "2024-07-02T10:15:00+02:00",
 "author": {{"@type": "Person", "name": "Anna Beispiel"}}, "publisher": {{"@type": "Organization", "name": "Tagesbeispiel"}}}}</script>
</head><body>
<div id="consent"><p>Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten.</p><a href="#">Akzeptieren</a></div>
<nav><a href="/">Startseite</a> | <a href="/politik">Politik</a> | <a href="/wirtschaft">Wirtschaft</a> | <a href="/sport">Sport</a></nav>
<div class="content"><h1>Regierung beschließt Hilfspaket für Hochwassergebiete</h1>
{p}
<div class="social"><span>Artikel teilen</span> <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">E-Mail</a></div>
<h2>Das könnte Sie auch interessieren</h2>
{teasers}
<h3>Kommentare</h3>
<div class="kommentar"><p>Ich finde das Paket viel zu klein, die Betroffenen warten schon seit Wochen auf eine Antwort der Regierung.</p></div>
</div>
<div class="box"><a href="/newsletter">Newsletter abonnieren</a></div>
<footer>© 2024 Tagesbeispiel – Alle Rechte vorbehalten. <a href="/impressum">Impressum</a></footer>
</body></html>"""


FR_KEEP = [
    "Le gouvernement a présenté mardi un projet de loi visant à renforcer la protection des "
    "lanceurs d'alerte, un texte attendu depuis plusieurs années par les associations.",
    "Selon le ministre, les nouvelles dispositions entreront en vigueur au début de l'année "
    "prochaine, après un examen au Parlement prévu pour l'automne.",
    "Les syndicats ont salué une avancée tout en regrettant l'absence de mesures concrètes pour "
    "les salariés des petites entreprises, qui restent selon eux les plus exposés.",
]
FR_DROP = ["Lire aussi", "La réforme des retraites adoptée", "Vous aimerez aussi", "Partager",
           "Un nouveau musée ouvre à Lyon"]


def french_news_page() -> str:
    return f"""<html><head><meta charset="utf-8"><title>Projet de loi</title>
<meta property="og:title" content="Un projet de loi pour les lanceurs d'alerte"></head><body>
<article><h1>Un projet de loi pour les lanceurs d'alerte</h1>
<p>{FR_KEEP[0]}</p>
<p class="lire-aussi">Lire aussi : <a href="/a/1">La réforme des retraites adoptée</a></p>
<p>{FR_KEEP[1]}</p>
<p>{FR_KEEP[2]}</p>
<div class="partage">Partager <a href="#">Facebook</a> <a href="#">Twitter</a></div>
</article>
<section><h2>Vous aimerez aussi</h2><ul><li><a href="/a/2">Un nouveau musée ouvre à Lyon</a></li>
<li><a href="/a/3">Les prix de l'énergie en baisse</a></li><li><a href="/a/4">Grève dans les transports</a></li></ul></section>
</body></html>"""


LINKS_KEEP = ("Diese Seite sammelt die wichtigsten Meldungen des Tages aus allen Ressorts; eine "
              "Auswahl unserer Redaktion, die jeden Morgen um sieben Uhr aktualisiert wird.")


def mostly_links_page() -> str:
    """A page whose text is mostly links: an index of headlines around one paragraph."""
    heads = "".join(f'<li><a href="/n/{i}">Meldung Nummer {i}: Ein kurzer Titel über ein Ereignis</a></li>'
                    for i in range(40))
    menu = "".join(f'<a href="/r/{i}">Ressort {i}</a> ' for i in range(15))
    return f"""<html><head><meta charset="utf-8"><title>Übersicht</title></head><body>
<div class="menu">{menu}</div><h1>Nachrichtenübersicht</h1><p>{LINKS_KEEP}</p><ul>{heads}</ul>
<div class="footer">{menu}</div></body></html>"""


COMMENTS_KEEP = [
    "The council voted on Monday to close the old bridge to heavy traffic after engineers found "
    "cracks in two of its supporting pillars during a routine inspection last month.",
    "Repairs are expected to take at least a year, and a temporary crossing will be built "
    "downstream so that buses and delivery vans can still reach the town centre.",
]
COMMENTS_DROP = ["Leave a Reply", "This is a disgrace, the bridge was fine for decades",
                 "Your email address will not be published", "Post Comment"]


def comment_thread_page() -> str:
    p = "".join(f"<p>{t}</p>" for t in COMMENTS_KEEP)
    return f"""<html><head><meta charset="utf-8"><title>Bridge closed</title></head><body>
<div class="post"><h1>Old bridge closed to heavy traffic</h1><div class="byline">By a reporter | 3 Comments</div>
{p}</div>
<h3>3 Comments</h3>
<div><p><b>Reader</b> says:</p><p>This is a disgrace, the bridge was fine for decades and the council just wants to spend money on consultants.</p></div>
<div><p><b>Another reader</b> says:</p><p>Finally someone listens to the people living next to it, the noise of the lorries was unbearable every night.</p></div>
<h3>Leave a Reply</h3><p>Your email address will not be published. Required fields are marked *</p>
<form><textarea></textarea><input type="submit" value="Post Comment"></form>
</body></html>"""


def page_in(charset: str, title: str, paragraphs: list[str], *, declare: bool = True) -> bytes:
    """A small page encoded in `charset`, declaring it in a <meta> or not."""
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if declare else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head>{meta}<title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>".encode(charset)
