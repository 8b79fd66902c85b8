"""Is this turn written in another language? The round runs in English, so the engine says so once.

Two cheap tests: letters outside the Latin script (Cyrillic, CJK, Arabic...) making up much of
the text, and, for Latin-script languages, function words: an English answer that borrows a
few foreign terms ("c'est la vie", "der Zeitgeist") still has mostly English function words.
"""

from __future__ import annotations

import re
import unicodedata

from app.domain.text import word_set

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)

_STOP: dict[str, frozenset[str]] = {
    "en": word_set(
        """
    the a an of to and in is are it that this for with on as be we i you they would should
    can not but or if so at by from have has do does was were will my our your there what
    how which because then than also just about into it's i'd we'd i'm don't
    """
    ),
    "es": word_set(
        """
    el la los las del que y en un una por con para es está están son pero como más muy
    también porque cuando donde qué sí yo tengo hay ser sería podría lo le se su al este
    esta esto nosotros usaría hola gracias cómo entonces creo bueno sé puedes puede mi tu
    ayudarme respuesta pregunta necesito sobre también mucho podemos hablar español siento
    prefiero responder entiendo
    """
    ),
    "fr": word_set(
        """
    le la les des du et est un une pour avec dans que qui pas sur au aux ce cette sont
    nous vous je mais où très aussi parce quand il elle être avoir fait bonjour merci
    c'est j'ai alors peut sais pas réponse question aidez-moi pouvons parler français
    """
    ),
    "de": word_set(
        """
    der die das und ist nicht ein eine mit für auf den dem des zu von im wir ich sie es
    auch aber oder wenn weil sehr noch nur kann würde wird werden haben sind hallo danke
    wie was ja nein weiß antwort frage bitte können deutsch machen verstehe leider
    """
    ),
    "pt": word_set(
        """
    o os as um uma do da dos das que e em no na para com por não é são mas como mais muito
    também porque quando eu nós você seria olá obrigado obrigada isso então acho sei
    resposta pergunta desculpe entendi entender falar português podemos a ao aos à antes
    depois entre sobre pelo pela seu sua este esta esse essa ele ela eles onde cada sem já
    ainda
    """
    ),
    "it": word_set(
        """
    il lo la gli le di del della che e è un una per con non sono ma come più molto anche
    perché quando io noi sarebbe questo questa ciao grazie allora penso so risposta
    domanda possiamo parlare italiano posso vorrei capisco sapere mi ci sto dove cosa
    """
    ),
    "nl": word_set(
        """
    de het een en van dat die niet ik je jij we wij zij hij ze is zijn was waren op te voor
    met aan als maar ook nog wel dan wat hoe waarom omdat eerst naar kijken zou zouden kan
    kunnen moet moeten heb hebben weet weten dit deze daar hier geen goed dank bedankt hallo
    voordat nadat want meer mijn jouw onze antwoord vraag
    """
    ),
    "tr": word_set(
        """
    ve bir bu şu için ile ama çünkü önce sonra daha çok değil var yok ben sen biz siz onlar
    mi mı mu mü ne nasıl neden gibi kadar olarak olan oldu olur bence belki evet hayır
    merhaba teşekkürler teşekkür ederim bilmiyorum soru cevap veri kontrol etmeliyiz
    """
    ),
    "pl": word_set(
        """
    nie tak jest są się że to na do od po dla ale czy jak co ja ty my wy oni jestem
    wiem chyba bardzo może można trzeba tylko jeszcze już też dlaczego ponieważ dzień dobry
    dziękuję cześć pytanie odpowiedź myślę
    """
    ),
    "hi": word_set(
        """
    hai hain ki ka ke ko se mein mujhe mera meri aap aapka tum hum kya kyun kaise nahi
    nahin haan lagta lagti tha thi raha rahi gaya gayi ho hota hoti yeh woh aur bhi
    thoda bahut sakte sakta sakti samajh pata bata batao phir kuch yaar accha theek
    """
    ),
    "id": word_set(
        """
    yang dan di ke dari ini itu untuk dengan tidak ada saya kami kita anda mereka adalah
    akan bisa sudah belum juga atau karena jadi tapi apa bagaimana mengapa kenapa terima
    kasih selamat pagi saya tidak tahu jawaban pertanyaan
    """
    ),
    "sv": word_set(
        """
    och att det som en ett är inte jag du vi ni de han hon på för med av till från om
    hur varför eftersom kan skulle vill har hade vet tack hej svar fråga också bara mycket
    """
    ),
}
_GREETINGS = word_set(
    """
    hola gracias bonjour merci hallo danke olá obrigado obrigada ciao grazie hej tack
    merhaba cześć dziękuję bedankt namaste
    """
)
_NON_LATIN_SHARE = 0.4


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split()[0]
    except ValueError:
        return "UNKNOWN"


_ENGLISH = _STOP["en"]
_OTHERS = tuple(lang for lang in _STOP if lang != "en")


def _languages_of() -> dict[str, tuple[str, ...]]:
    """Each other language's function word (English's left out) -> the languages that use it."""
    out: dict[str, tuple[str, ...]] = {}
    for lang in _OTHERS:
        for w in _STOP[lang] - _ENGLISH:
            out[w] = (*out.get(w, ()), lang)
    return out


_LANGUAGES_OF = _languages_of()


def _non_latin(text: str) -> str | None:
    if text.isascii():
        return None
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    foreign = [ch for ch in letters if ord(ch) > 0x24F]
    if len(foreign) / len(letters) < _NON_LATIN_SHARE:
        return None
    scripts: dict[str, int] = {}
    for ch in foreign:
        s = _script(ch)
        scripts[s] = scripts.get(s, 0) + 1
    return max(scripts, key=lambda s: scripts[s]).lower()


def _accent_language(text: str) -> str:
    """Latin-script text with no known function words: guess from its letters."""
    low = text.lower()
    for lang, letters in (("de", "äöüß"), ("es", "ñ"), ("pt", "ãõ"), ("fr", "çèêëœ")):
        if any(ch in low for ch in letters):
            return lang
    return "latin"


def detect_language(text: str) -> str | None:
    """A language code or script name when the turn is not English; None for English (or for
    text too short to tell)."""
    script = _non_latin(text)
    if script is not None:
        return script
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    if not words:
        return None
    counts = dict.fromkeys(_OTHERS, 0)
    english: list[str] = []
    for w in words:  # one pass: a word is looked up once, not once per language
        if w in _ENGLISH:
            english.append(w)
        else:
            for lang in _LANGUAGES_OF.get(w, ()):
                counts[lang] += 1
    lang = max(counts, key=lambda k: counts[k])
    # Words both languages use ("a", "do", "no") count for neither side once the other
    # language has its own evidence.
    shared = _STOP[lang] if counts[lang] >= 2 else frozenset()
    en = sum(1 for w in english if w not in shared)
    hits = counts[lang] + len(english) - en
    if "¿" in text or "¡" in text:
        return "es"
    accented = sum(1 for w in words if not w.isascii())
    if en <= 1 and accented >= 2 and accented * 4 >= len(words):
        return lang if hits else _accent_language(text)
    if len(words) <= 10:
        greeted = any(w in _GREETINGS for w in words)
        if en == 0 and (hits >= 2 or greeted):
            return lang
        return lang if hits >= 3 and hits >= 2 * en else None
    if hits >= 3 and hits >= 2 * en and hits / len(words) >= 0.2:
        return lang
    return None
