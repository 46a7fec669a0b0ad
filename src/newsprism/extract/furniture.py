"""Patterns for page furniture: the words around an article that are not reporting.

Kept apart from the cleaning logic so the vocabulary can grow (new languages,
new site idioms) without touching the rules that use it. All matching is
case-insensitive; strings are compared after :func:`normalise_line`.
"""

from __future__ import annotations

import re
import unicodedata

from ..text.months import MONTH_ABBREVIATIONS, MONTH_FORMS, WEEKDAY_FORMS

# Whole-line UI strings, in the languages newsprism meets most. A line equal to
# one of these (ignoring case, punctuation and surrounding symbols) is furniture.
UI_STRINGS: frozenset[str] = frozenset(
    s.casefold()
    for s in (
        # English
        "skip to main content", "skip to content", "skip to navigation", "jump to content",
        "advertisement", "advertising", "sponsored", "sponsored content", "ad", "ads",
        "share", "share this", "share this article", "share this story", "share on facebook",
        "share on twitter", "share on x", "share on whatsapp", "share via email", "tweet", "email",
        "print", "print this article", "copy link", "link copied", "save", "save article",
        "comments", "comment", "leave a comment", "show comments", "view comments",
        "listen", "listen to this article", "listen to article", "play", "pause",
        "menu", "close", "search", "home", "back to top", "top", "next", "previous", "more",
        "log in", "login", "sign in", "register", "subscribe", "subscribe now", "sign up",
        "newsletter", "follow", "follow us", "follow:", "loading", "loading...",
        "live", "live broadcast", "live updates", "breaking news", "latest", "trending",
        "on", "off", "font size", "text size", "accept", "accept cookies",
        "image", "video", "photo", "gallery", "watch", "watch video", "read more", "show more",
        "continue reading", "see more", "view more", "load more", "expand", "collapse",
        "don't miss", "do not miss", "must read", "editor's picks", "recommended",
        "thanks for signing up!", "we use cookies", "tell us what you think",
        "tell us what you think...", "join the conversation", "what do you think?",
        "comments are closed", "comments are closed.", "comments closed", "share this story",
        "order reprints", "print article", "reprints", "email this article", "send to a friend",
        # Russian
        "озвучить текст", "перейти к основному содержанию", "реклама", "поделиться",
        "комментарии", "подписаться", "читать далее", "вкл", "выкл",
        "прямой эфир", "главное", "новости", "на правах рекламы", "распечатать", "версия для печати",
        "комментировать", "все новости", "все комментарии", "показать комментарии", "читать полностью",
        "подробнее", "скопировать ссылку", "ссылка скопирована", "закрыть", "меню", "поиск", "войти",
        "регистрация", "загрузка", "загрузка...", "видео", "фото", "фотогалерея", "галерея", "слушать",
        "слушать статью", "прослушать", "размер шрифта", "выделить важное", "лента новостей", "важное",
        "популярное", "самое читаемое", "выбор редакции", "мнения", "эксклюзив", "онлайн",
        "прямая трансляция", "наверх", "назад", "далее", "свернуть", "развернуть", "показать еще",
        "показать ещё", "мы в соцсетях", "поделиться в соцсетях", "в избранное", "добавить в избранное",
        # Ukrainian
        "поділитися", "реклама", "коментарі", "підписатися", "на правах реклами", "роздрукувати",
        "версія для друку", "коментувати", "усі новини", "всі новини", "усі коментарі", "читати далі",
        "читати повністю", "детальніше", "докладніше", "скопіювати посилання", "посилання скопійовано",
        "закрити", "пошук", "увійти", "реєстрація", "завантаження", "завантаження...", "відео", "фото",
        "фотогалерея", "галерея", "слухати", "прослухати", "розмір шрифту", "стрічка новин", "головне",
        "важливе", "популярне", "найпопулярніше", "вибір редакції", "думки", "ексклюзив", "онлайн",
        "пряма трансляція", "прямий ефір", "наживо", "нагору", "далі", "згорнути", "розгорнути",
        "показати ще", "ми в соцмережах", "поділитися в соцмережах", "новини",
        # Italian
        "pubblicità", "condividi", "commenti", "segui", "iscriviti", "leggi anche",
        "vai al contenuto", "ascolta", "ascolta l'articolo", "stampa", "versione stampabile", "commenta",
        "tutte le notizie", "leggi tutto", "leggi di più", "continua a leggere", "approfondisci", "ultim'ora",
        "ultima ora", "contenuto sponsorizzato", "copia link", "link copiato", "chiudi", "cerca", "accedi",
        "registrati", "esci", "caricamento", "caricamento...", "fotogallery", "galleria", "dimensione testo",
        "in primo piano", "più letti", "i più letti", "più visti", "scelti per te", "opinioni", "esclusiva",
        "diretta", "in diretta", "torna su", "indietro", "avanti", "precedente", "successivo", "mostra altro",
        "seguici", "seguici su", "notizie", "salva", "condividi su facebook", "condividi su whatsapp",
        # German
        "zum inhalt springen", "anzeige", "werbung", "teilen", "artikel teilen", "kommentare",
        "drucken", "abonnieren", "mehr zum thema", "vorlesen", "artikel anhören",
        # French
        "aller au contenu", "aller au contenu principal", "publicité", "partager", "commentaires",
        "s'abonner", "abonnez-vous", "écouter", "imprimer", "lire aussi",
        # Spanish / Portuguese
        "ir al contenido", "publicidad", "compartir", "comentarios", "suscríbete", "escuchar",
        "ir para o conteúdo", "publicidade", "compartilhar", "comentários",
        # Polish
        "przejdź do treści", "reklama", "udostępnij", "komentarze",
    )
)

# A heading that opens a list of links to other articles.
RELATED_HEADING = re.compile(
    r"^(read (also|more|next)|also read|see also|related( articles| stories| posts| coverage| news| content)?"
    r"|more (on|from|about) (this|the)( story| topic)?|more stories|more news|more:|you may (also )?like"
    r"|you might (also )?like|recommended( for you| stories)?|latest news|latest( stories)?|most read.*"
    r"|most popular|popular on .{1,40}|trending( now| stories)?|don'?t miss|top stories|editor'?s picks"
    r"|further reading|more from .{1,40}"
    r"|читайте (также|еще|ещё)|читать также|смотрите также|по теме|читайте також|дивіться також"
    r"|(новости|материалы|ещё|еще) по теме|другие новости|новости партн[её]ров|главные новости|последние новости"
    r"|самое (читаемое|популярное)|выбор редакции|рекомендуем|вам может быть интересно|это интересно"
    r"|(новини|матеріали|ще) за темою|за темою|інші новини|новини партнерів|головні новини|останні новини"
    r"|найпопулярніше|рекомендуємо|вас може зацікавити|вам також може сподобатися"
    r"|leggi anche|potrebbe interessarti( anche)?|ti potrebbe interessare|articoli correlati|notizie correlate"
    r"|altre notizie|ultime notizie|(i )?più letti|da non perdere|consigliati per te|lesen sie auch|mehr zum thema|das könnte sie auch interessieren"
    r"|à lire aussi|lire aussi|voir aussi|sur le même sujet|lea también|lee también|te puede interesar"
    r"|leia também|veja também|czytaj także|zobacz też)\s*[:.…]*$",
    re.I,
)

# "Read also: <headline>" style inline links.
RELATED_INLINE = re.compile(
    r"^\(?(read (also|more|next)|also read|see also|also on .{1,40}|related( post| article| story)?|more|"
    r"see more|also|(читайте|читать|смотрите) (также|еще|ещё|тоже)|также читайте|по теме|"
    r"(читайте|дивіться|читати) також|також читайте|за темою|(leggi|vedi) anche( su)?|approfondisci|lesen sie auch|"
    r"à lire aussi|lire aussi|lea también|leia também|czytaj także)\s*[:|]\s*\S.{0,200}$"
    # Teasers tagged with their media type: "Plague fears grow [VIDEO]".
    r"|^.{5,200}\[(video|insight|reaction|warning|news|photos?|gallery|watch|poll|quiz|live)\]\W{0,3}$",
    re.I,
)

# A line that is only a label and a link ("Listen: https://...").
LINK_LINE = re.compile(r"^[^\s:/]{1,20}( [^\s:/]+){0,3}\s*:\s*(https?://|www\.)\S+$", re.I)

# Calls to subscribe, follow, donate, sign up, download an app, share.
PROMO = re.compile(
    r"(\bsubscribe to (our|the)\b|\bsubscribe (now|today)\b|^subscribe\b|\bsign up (now|today|here)\b|^sign up\b"
    r"|\bnewsletters?\b.{0,60}\b(sign up|subscribe|inbox)\b|\b(sign up|subscribe)\b.{0,60}\bnewsletters?\b"
    r"|\bfollow (us|[A-Z][\w.]+( [A-Z][\w.]+){0,3}) on (twitter|x|facebook|instagram|telegram|youtube|tiktok|linkedin)"
    r"|\bon telegram\b.{0,40}\bsubscribe\b|\bjoin (us|our channel) on\b"
    r"|\bsupport [A-Z][\w.]*( [A-Z][\w.]*){0,3}\b.{0,40}\b(patron|donat|member)|\bbecome (our|a) (patron|member|supporter)\b"
    r"|\bdonate (now|today|here)\b|\bmake a donation\b"
    r"|\bclick here\b|\bdownload (the|our) .{0,30}app\b|\bget the .{0,30}app\b"
    r"|\bshare (it|this) with\b|\bshare this (article|story)\b|\blike this story\?"
    r"|\bdelivered (straight )?(to|into) your inbox\b|\b(right |straight )?in(to)? your inbox\b"
    r"|^follow (the |our )?.{1,60}\b(for more|for updates|for the latest|service|coverage)\b"
    r"|^if you (enjoyed|liked|like|value|appreciate) (this|our) (article|story|journalism|reporting)\b"
    r"|\blisten (to .{1,40} )?live\b|\btune in (to|on)\b|\bwatch (us )?live\b"
    r"|\bподпи(шитесь|сывайтесь)\b|\bпідпи(шіться|суйтесь)\b|\biscriviti\b|\babonnez-vous\b|\bjetzt abonnieren\b"
    r"|\b(следите|стежте) за (нами|новостями|новинами)\b|\bприсоединяйтесь к нам\b|\bприєднуйтесь до нас\b"
    r"|\bчитайте нас (в|у)\b|\bчитайте нас у\b|\b(наш|нашем|нашому) (telegram|телеграм)[- ]?канал"
    r"|\bподдержите (нас|редакцию|проект)\b|\bпідтримайте (нас|редакцію|проєкт|проект)\b"
    r"|\bстаньте (нашим )?патроном\b|\bseguici su\b|\bunisciti al (nostro )?canale\b|\bscarica (l['’]app|la nostra app)\b"
    r"|\bsostieni (il nostro giornalismo|l['’]informazione|la nostra redazione)\b|\babbonati (ora|subito)\b"
    r"|ctrl\s*\+\s*enter"
    r"|\bsuscríbete\b|\bassine\b)",
    re.I,
)

PHOTO_CREDIT = re.compile(
    r"^(photo|photos|photograph|photo credit|image|image credit|picture|pictured|credit|illustration|video"
    r"|foto|fotos|фото|фотография|иллюстрация|immagine|bild|image source|світлина|ілюстрація|скриншот|кадр из видео"
    r"|кадр з відео|иллюстративное фото|ілюстративне фото|fonte foto|credito foto|fotografia)"
    r"\s*(by|:|©|—|-|–)\s*.{1,120}$"
    r"|^©\s*.{1,100}$|^(photo|image)s?\s*©.{1,100}$",
    re.I,
)

# An outlet describing itself: licences, mission statements, republishing terms.
OUTLET_BOILERPLATE = re.compile(
    r"\brepublish (our|this|these) (stories|articles?|story)\b|\bcreative commons licen[cs]e\b"
    r"|\bis an? (independent|nonprofit|non-profit|not-for-profit|reader-funded|award-winning) "
    r"(newsroom|news (site|organi[sz]ation|outlet)|publication)\b",
    re.I,
)

COPYRIGHT = re.compile(
    r"^(copyright|\(c\)|©|ⓒ)\b.{0,200}$|all rights reserved|for your personal,? non-commercial use|무단전재|перепечатка .{0,40}запрещена|riproduzione riservata"
    r"|все права защищены|(усі|всі) права захищені|tutti i diritti riservati|передрук .{0,60}заборонен"
    r"|при (использовании|цитировании|перепечатке) .{0,60}ссылка .{0,60}обязательна"
    r"|(використання|цитування|передрук) .{0,60}посилання .{0,60}обов['’]язкове",
    re.I,
)

# "Author: X", "By X", "Автор: X", "Autore: X".
_NAME = r"[^\W\d_][\w'’.\-]*(?:[ \t]+[^\W\d_][\w'’.\-]*){0,4}"
BYLINE = re.compile(
    r"^(?:by|author|authors|written by|autore|autrice|autor|auteur|автор|авторка|автори|авторы|text|a cura di)"
    r"[ \t]*[:\-–—]?[ \t]+"
    # Names joined by a comma or a whole-word "and" (never a bare letter inside a
    # word, which would make matching a long paragraph exponential).
    rf"(?P<name>{_NAME}(?:(?:[ \t]*,[ \t]*|[ \t]+(?:and|&|и|e|und|et)[ \t]+){_NAME}){{0,3}})"
    r"[ \t]*(?:[,|/][^\n]{0,60})?$",
    re.I,
)

# First-person or third-person author biographies.
BIO_FIRST_PERSON = re.compile(
    r"^I am (?P<name>[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){0,3}), an? .{0,80}?"
    r"\b(writer|journalist|reporter|editor|correspondent|blogger|author)\b"
    r"(?:.{0,40}?\b(?:for|at|with)\s+(?P<outlet>[A-Z][\w.'’&\-]*(?: [A-Z][\w.'’&\-]*){0,4}))?",
)
BIO_THIRD_PERSON = re.compile(
    r"^(?P<name>[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){0,3}) is (an?|the) .{0,80}?"
    r"\b(writer|journalist|reporter|editor|correspondent|curator|columnist|contributor)\b"
    r"|\b(can be reached at|may be reached at|reach the reporters?|follow (him|her|them) on)\b"
    r"|^write to .{1,60} at [\w.+\-]+@[\w\-]+\.[\w.]+"
    r"|^[\w.+\-]+@[\w\-]+\.[\w.]+$|^(twitter\.com|x\.com)/\w+$|^@\w+$",
)

# A line that is only a date stamp in words, in Russian, Ukrainian or Italian: "19 декабря 2022, 14:35",
# "Понеділок, 19 грудня 2022 р. о 14:35", "19 dicembre 2022 - 14:35", "Aggiornato alle 14:35".
_MONTH_WORDS = "|".join(sorted((f for forms in MONTH_FORMS.values() for f in forms), key=len, reverse=True))
# Printed abbreviations ("16 бер. 2025", "16 mag 2025") count only with a year after them; numeric
# stamps only dotted ("16.05.2025 14:05") or with "ore" ("16/05/2025 ore 14:05"): an English page's
# "03/04/2025" may be 4 March or 3 April.
_MONTH_ABBRS = "|".join(sorted((a for abbrs in MONTH_ABBREVIATIONS.values() for a in abbrs), key=len, reverse=True))
_WEEKDAY_WORDS = "|".join(sorted(
    (f for language, forms in WEEKDAY_FORMS.items() if language != "en" for f in forms), key=len, reverse=True))
_TIME = r"(?:(?:в|о|alle|ore|alle ore|—|–|-|\|)\s*)?\d{1,2}[:.]\d{2}"
DATE_LINE = re.compile(
    rf"^(?:(?:{_WEEKDAY_WORDS})\s*,?\s*)?(?:\d{{1,2}}\s+(?:{_MONTH_WORDS})(?:\s+\d{{4}}(?:\s*(?:г\.|года|р\.|року))?)?"
    rf"|\d{{1,2}}\s+(?:{_MONTH_ABBRS})\.?\s+\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}(?=\s+ore\b))"
    rf"\s*,?\s*(?:{_TIME})?\s*$",
    re.I,
)

# A byline and a date stamp on one line: "Оксана Гайова · 16 травня 2025, 14:05", "Giulia Renzetti | 16
# maggio 2025". The name part is checked as a name and the date part against DATE_LINE by the cleaner.
BYLINE_AND_DATE = re.compile(r"^(?P<name>[^\d·•|,—–]{3,60}?)\s*(?:·|•|\||,|—|–)\s*(?P<date>\S.*\d.*)$")

# Cookie notices: "Мы используем файлы cookie", "Ми використовуємо cookie", "Questo sito utilizza cookie".
COOKIE_NOTICE = re.compile(
    r"\b(мы используем|сайт использует|используя (этот|наш) сайт).{0,40}\bcookie"
    r"|\b(ми використовуємо|сайт використовує|використовуючи (цей|наш) сайт).{0,40}\bcookie"
    r"|\b(questo sito (utilizza|usa)|utilizziamo|usiamo)\b.{0,40}\bcookie|\bcookie policy\b|\binformativa (sui|cookie)",
    re.I,
)

CREDIT_LINE = re.compile(
    r"^\(?(source|sources|via|credit|fonte|quelle|источник|джерело)\s*:\s*(?P<credit>[^.!?]{2,80}?)\.?\)?$",
    re.I,
)
CONTRIBUTOR_CREDIT = re.compile(
    r"^\(?((additional )?reporting by|writing by|editing by|edited by|compiled by|translated by)\b.{0,300}\)?$"
    r"|\bcontributed (reporting|to this report)\b.{0,40}$",
    re.I,
)

META_LINE = re.compile(
    r"^(filed under|tags?|topics?|categories|category|reading time|read time|tempo de leitura|tempo di lettura"
    r"|lesezeit|время чтения|updated|last updated|published|posted|date|дата|aggiornato|pubblicato|veröffentlicht"
    r"|опубликовано|обновлено|дата публикации|просмотров|просмотры|теги|метки|тэги|опубліковано|оновлено"
    r"|дата публікації|переглядів|перегляди|мітки|теги|час читання|ultimo aggiornamento|argomenti|tag"
    r"|기사입력|发布时间)\s*[:|]?.{0,80}$"
    r"|^\d{1,3} ?(min|mins|minutes?|минут[аы]?|мин\.?|хвилин[аи]?|хв\.?|minuti|minuten)"
    r"( read| de leitura| di lettura| чтения| читання)?$",
    re.I,
)

# Lines made only of digits, dates, times and symbols ("0", "|", "2019-11-19T08:57:45+01:00").
SYMBOLS_ONLY = re.compile(r"^[\W\d_]*$")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?)?$")

# Where a text names its own publisher: "Support Ukrainska Pravda", "journalist for Buna Times".
SELF_NAMING = re.compile(
    r"\b(?i:support) (?P<a>[A-Z][\w.'’&\-]*(?: [A-Z][\w.'’&\-]*){0,4})"
    r"|\b(?P<b>[A-Z][\w.'’&\-]*(?: [A-Z][\w.'’&\-]*){0,3}) (?i:on (telegram|facebook|twitter|instagram|youtube))\b",
)


_EDGE_SYMBOLS = re.compile(r"^[\W_]+|[\W_]+$")
_SPACES = re.compile(r"\s+")


def normalise_line(line: str) -> str:
    """Case-fold and strip bullets, symbols and spacing so variants compare equal."""
    text = unicodedata.normalize("NFKC", line).casefold().strip()
    return _SPACES.sub(" ", _EDGE_SYMBOLS.sub("", text))


def is_ui_string(line: str, key: str | None = None) -> bool:
    """``key`` is ``normalise_line(line)`` when the caller already has it."""
    if key is None:
        key = normalise_line(line)
    return key in UI_STRINGS or (line.strip().casefold() in UI_STRINGS)
