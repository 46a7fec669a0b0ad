"""Patterns for page furniture: the words around an article that are not reporting.

Kept apart from the cleaning logic so the vocabulary can grow (new languages,
new site idioms) without touching the rules that use it. All matching is
case-insensitive; strings are compared after :func:`normalise_line`.
"""

from __future__ import annotations

import re
import unicodedata

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
        # Russian / Ukrainian
        "озвучить текст", "перейти к основному содержанию", "реклама", "поделиться",
        "комментарии", "подписаться", "читать далее", "вкл", "выкл",
        "прямой эфир", "главное", "новости", "поділитися", "реклама", "коментарі", "підписатися",
        # Italian
        "pubblicità", "condividi", "commenti", "segui", "iscriviti", "leggi anche",
        "vai al contenuto", "ascolta", "ascolta l'articolo",
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
    r"|leggi anche|potrebbe interessarti|articoli correlati|lesen sie auch|mehr zum thema|das könnte sie auch interessieren"
    r"|à lire aussi|lire aussi|voir aussi|sur le même sujet|lea también|lee también|te puede interesar"
    r"|leia também|veja também|czytaj także|zobacz też)\s*[:.…]*$",
    re.I,
)

# "Read also: <headline>" style inline links.
RELATED_INLINE = re.compile(
    r"^(read (also|more|next)|also read|see also|also on .{1,40}|related( post| article| story)?|more|"
    r"see more|also|читайте (также|еще|ещё)|читайте також|по теме|leggi anche|lesen sie auch|"
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
    r"|\bsuscríbete\b|\bassine\b)",
    re.I,
)

PHOTO_CREDIT = re.compile(
    r"^(photo|photos|photograph|photo credit|image|image credit|picture|pictured|credit|illustration|video"
    r"|foto|fotos|фото|фотография|иллюстрация|immagine|bild|image source)\s*(by|:|©|—|-|–)\s*.{1,120}$"
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
    r"^(copyright|\(c\)|©|ⓒ)\b.{0,200}$|all rights reserved|for your personal,? non-commercial use|무단전재|перепечатка .{0,40}запрещена|riproduzione riservata",
    re.I,
)

# "Author: X", "By X", "Автор: X", "Autore: X".
_NAME = r"[^\W\d_][\w'’.\-]*(?:[ \t]+[^\W\d_][\w'’.\-]*){0,4}"
BYLINE = re.compile(
    r"^(?:by|author|authors|written by|autore|autor|auteur|автор|автори|авторы|text)[ \t]*[:\-–—]?[ \t]+"
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
    r"|기사입력|发布时间)\s*[:|]?.{0,80}$"
    r"|^\d{1,3} ?(min|mins|minutes?|минут[аы]?|minuti|minuten)( read| de leitura| di lettura)?$",
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
