"""The words and patterns ``extract`` reads documents with: time expressions, header
lines, participant blocks, agenda items, meeting words and words of intent.

Swedish documents of a secretariat follow common layouts: a heading that names the kind of
document and the body ("Minnesanteckningar från ...", "Kallelse till Ledningsgruppen",
"Protokoll"), ``Tid``/``Plats``/``Ordförande``/``Sekreterare`` lines, a
``Deltagare:``/``Beslutande:``/``Frånvarande:`` block (name, tab, organisation, then
", ordförande", "(digitalt)", "(mellan kl 8.30-9.30)"), numbered items ("§ 4", "Punkt 2",
"4."), and at the end "Vid anteckningarna"/"Vid protokollet" and "Justeras" with names.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from scheduler.duewindow import DueWindow
from scheduler.errors import Phrase
from scheduler.extract.found import FoundMeeting
from scheduler.timeparse import MONTH_NAMES, SwedishParserInfo


def alternatives(groups: list[tuple[str, ...]]) -> str:
    """A regex alternation of every name, longest first."""
    return "|".join(sorted({name for names in groups for name in names}, key=len, reverse=True))


T = r"\d{1,2}(?:[.:]\d{2})?"
KL = rf"kl\.?\s*{T}(?:\s*[-–]\s*{T})?"
DAY = (rf"(?:(?:{alternatives(SwedishParserInfo.WEEKDAYS)})\s+)?(?:den\s+)?\d{{1,2}}\s+"
        rf"(?:{alternatives(SwedishParserInfo.MONTHS)})\b\.?(?:\s+\d{{4}}\b)?"
        r"|\d{4}-\d{2}-\d{2}\b")
MONTH = "|".join(MONTH_NAMES)
PREPOSITION = r"(?:\b(?:till|på|vid|inför)\s+)?"
# A person: capitalised words, perhaps with a particle ("Carl von Essen").
NAME = r"[A-ZÅÄÖÉ][\w'-]+(?:\s+(?:(?:af|von|van|de|der|la|du)\s+)?[A-ZÅÄÖÉ][\w'-]+)+"

# Time expressions that need no knowledge of the minutes' own body, in the order they
# claim text (an earlier kind wins an overlap).
WINDOWS = [
    rf"\b(?P<phrase>(?:i\s+)?(?:början|mitten|slutet)\s+av\s+(?:{MONTH})(?:\s+\d{{4}})?)\b",
    rf"\b(?P<phrase>(?:under|i)\s+(?:{MONTH})(?:\s+månad)?(?:\s+\d{{4}})?)\b",
    r"\b(?P<phrase>(?:senare\s+)?under\s+(?:våren|hösten)(?:\s+\d{4})?)\b",
    # "i vår" is also "in our" ("i vår region"): only at the end of a clause.
    r"\b(?P<phrase>(?:senare\s+)?i\s+(?:vår|höst)(?:en)?(?:\s+\d{4})?)"
    r"(?=\s*[.,;:!?)]|\s*$|\s+(?:och|samt)\b)",
    r"\b(?P<phrase>under\s+\d{4})\b",
    r"\b(?:under\s+|i\s+)?(?P<phrase>(?:vecka|v\.)\s*\d{1,2}(?:\s+\d{4})?)\b",
]
# A bare year ("landshövdingen 2024") counts only in a list of suggestions ("Förslag ...").
BARE_YEAR = r"(?<![\w-])(?P<phrase>20\d\d)\b"

MEETING_WORD = re.compile(
    r"\b\w*(?:möte|mötet|konferens|konferensen|sammanträde|sammanträdet|seminarium|"
    r"seminariet|workshop|workshopen|träff|träffen)\b|\b(?P<verb>sammanträder|möts|träffas)\b",
    re.IGNORECASE)
INTENT = re.compile(
    r"\b(?:kommer|ska|skall|planera\w*|förslag\w*|föreslå\w*|förvänta\w*|klar\w*|beräkna\w*|"
    r"senast|uppdrag|deadline|sker|skickas|lämnas|återkommer|återkomma|justering\w*|sista\s+dag)\b",
    re.IGNORECASE)
BOUNDARY = re.compile(r",\s+|\s+(?:och|samt)\s+")
POST = re.compile(
    r"\s+(?P<post>(?:mellan|med)\s+.+?)(?=\s+(?:planeras|planerar|äger|då|som|den|kl|på|i|"
    r"under|för|ska|kommer|tas)\b|\s*[,.;:]|\s*$)")
NOT_BEFORE_TITLE = {"Ett", "En", "Det", "Den", "Detta", "Nästa", "Om", "Vid", "På", "I", "Till"}
ADJECTIVES = {"politiskt", "nytt", "extra", "gemensamt", "gemensam", "digitalt", "öppet"}
ORGANISER = re.compile(r"\bplanerar\s+(?P<after>[^\W\d_]+)\s+för\b"
                        r"|\b(?P<before>[^\W\d_]+)\s+planerar\b", re.IGNORECASE)
PLACE = re.compile(
    r"\s*,?\s*(?:på|i)\s+(?P<place>[A-ZÅÄÖ][^,.;]*?)"
    r"(?=\s+(?:och|samt|då|med|kl|för|där)\b|\s*[,.;]|\s*$)")
START_AT = re.compile(rf"\bkl\.?\s*(?P<start>{T})(?:\s*[-–]\s*(?P<end>{T}))?", re.IGNORECASE)
END = re.compile(
    rf"\b(?:avslutas|slutar|avslutar)\b[^.]*?\b(?:(?:under|på)\s+(?P<part>förmiddagen|"
    rf"eftermiddagen)|(?:ca\.?|cirka|omkring|runt)\s*(?:kl\.?\s*)?(?P<about>{T})|"
    rf"kl\.?\s*(?P<at>{T}))", re.IGNORECASE)
PARTS_OF_DAY = {"förmiddagen": dt.time(12), "eftermiddagen": dt.time(16)}
NOTICE = re.compile(r"^\s*OBS!?\s*:?\s*(?P<what>nya?\s+(?:tid|plats|lokal|datum)"
                     r"(?:\s+och\s+(?:tid|plats|lokal))?)", re.IGNORECASE)
ADJUSTER = re.compile(rf"(?P<name>{NAME})\s+(?:utses|utsågs|väljs|valdes)\s+"
                       r"(?:(?:som\s+|till\s+)?justerare|att\s+justera)")
OWNER = re.compile(rf"(?P<name>{NAME})\s+(?:får|fick|har\s+fått)\s+i\s+uppdrag\s+att\s+")
SUGGESTION_LEAD = re.compile(r"\bvilka\s+(?P<lead>[A-ZÅÄÖ]\S*\s+(?:bör|ska|skall|skulle|vill)"
                              r"\s+\w+)")
RELATIVE = re.compile(r"(?P<noun>\S+)\s+som\s+(?P<rest>(?:planeras|ska|skall|kommer)\b.*)")
LEAD_FILLER = re.compile(r"^\s*(?:nu\s+pågår\s+arbete\s+med\s+att|det\s+innebär\s+att|"
                          r"vi\s+räknar\s+med\s+att)\s+", re.IGNORECASE)
SUBJECTLESS = re.compile(r"^\s*(?:planeras|beräknas|ska|skall)\s+(?:vara\s+|att\s+)?",
                          re.IGNORECASE)
TRAILING = re.compile(r"(?:[\s,:;.!?]+|\s+(?:på|till|i|vid|under|den|och|samt|att|för|med|senast|är|"
                       r"ut)\b)+$",
                       re.IGNORECASE)
# "Ad 2": the text about agenda item 2 follows.
AD_ITEM = re.compile(r"^ad\s+(?:§\s*|punkt\s+)?(?P<number>\d{1,3})\s*:?\s*$", re.IGNORECASE)
SECTION = re.compile(r"^\s*(?:§\s*(?P<par>\d{1,3})|punkt\s+(?P<point>\d{1,3})[.:]?|(?P<num>\d{1,2})[.)])"
                      r"\s+(?P<title>\S.*?)\s*$", re.IGNORECASE)
HEADER = re.compile(r"^(?P<label>(?:Dag|Datum)\s+och\s+tid|Tid\s+och\s+plats|Plats\s+och\s+tid|Tid|Datum|"
                    r"Sammanträdesdatum|Mötesdatum|Plats|Lokal|"
                    r"Ordförande|Sekreterare|Justerare|"
                     r"Digitalt\s+deltagande|Länk)\s*:?\s+(?P<value>\S.*?)\s*$", re.IGNORECASE)
PRESENT = (r"(?:övriga\s+|närvarande\s+)?(?:deltagare|närvarande|beslutande|ledamöter|tjänstemän)|"
           r"(?:tjänstgörande\s+)?ersättare")
ABSENT = r"frånvarande(?:\s+ledamöter)?|ej\s+närvarande|förhinder|anmält\s+förhinder|anmäld\s+frånvaro"
BLOCK = re.compile(rf"^(?P<label>{PRESENT}|{ABSENT})\s*:\s*(?P<rest>.*)$|^(?P<bare>{PRESENT}|{ABSENT})\s*$",
                   re.IGNORECASE)
# "Tid och plats: fredag 16 februari 2024 kl 9.00–11.30, StorSthlms lokaler"
WHEN_AND_WHERE = re.compile(rf"(?P<when>.*(?:{KL}|\d{{4}}))\s*[,;]?\s*(?:(?:i|på)\s+)?(?P<place>\S.*)?$",
                            re.IGNORECASE)
CLOSING = {"vid anteckningarna": "secretary", "vid protokollet": "secretary", "sekreterare": "secretary",
           "antecknat av": "secretary", "vid pennan": "secretary", "justeras": "adjuster",
           "justerare": "adjuster"}
# A closing on one line: "Antecknat av Mikael Strand", "Justeras: Peter Ström".
SIGNED = re.compile(rf"^(?P<label>{'|'.join(CLOSING)})\s*:?\s+(?P<name>{NAME})\s*$", re.IGNORECASE)
HEADING = re.compile(r"^(?P<kind>minnesanteckningar|mötesanteckningar|anteckningar|protokoll|"
                     r"kallelse|inbjudan|välkommen)\b[:\s–-]*(?:(?:från|för|vid|till)\s+)?"
                     r"(?:(?:möte|mötet|sammanträde|sammanträdet)\b(?:\s+(?:med|i|för)\b)?\s*)?"
                     r"(?P<rest>.*)$", re.IGNORECASE)
DOCUMENT_KINDS = {"minnesanteckningar": "minutes", "mötesanteckningar": "minutes",
                  "anteckningar": "minutes", "protokoll": "protocol", "kallelse": "summons",
                  "inbjudan": "invitation", "välkommen": "invitation"}
AGENDA_LABEL = re.compile(r"^(?:föredragningslista|dagordning|ärendelista|agenda)\s*:?\s*$",
                           re.IGNORECASE)
PRESENTER = re.compile(r"^föredragande(?:\s+(?:punkt|§)\s*(?P<number>\d{1,3}))?\s*:\s*"
                        r"(?P<name>[^,(]+?)\s*(?:,\s*(?P<org>[^(]+?))?\s*(?:\((?P<marks>[^)]*)\))?\s*$",
                        re.IGNORECASE)
# In a föredragningslista: "9.10 Title" or "10.00–10.30 Title", numbered in order.
TIMED_ITEM = re.compile(rf"^(?:kl\.?\s*)?(?P<a>\d{{1,2}}[.:]\d{{2}})(?:\s*[-–]\s*(?P<b>{T}))?\s+(?P<title>[^\d\s].*)$",
                        re.IGNORECASE)
# A presenter in the item's line: ", föredragande Helene Olofsson", " – Anton Västberg, Region Stockholm (digitalt)".
INLINE_PRESENTER = re.compile(
    rf"(?:,\s*föredragande:?\s+|\s+[–-]\s+(?:föredragande:?\s+)?)(?P<name>{NAME})"
    r"(?:,\s*(?P<org>[^(,]+?))?\s*(?:\((?P<marks>[^)]*)\))?\s*$", re.IGNORECASE)
ITEM_TIMES = re.compile(rf"\(?\s*kl\.?\s*(?P<a>{T})\s*[-–]\s*(?P<b>{T})\s*\)?", re.IGNORECASE)
BEFORE = (r"(?P<phrase>(?P<count>en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|\d{1,2})\s+"
           r"(?P<unit>arbetsdag(?:ar)?|dag(?:ar)?|veck(?:a|or))\s+(?:före|innan)\s+"
           r"(?P<what>\w*(?:mötet|sammanträdet|workshopen|konferensen|seminariet|träffen))"
           r"(?:\s+med\s+(?P<with>[A-ZÅÄÖ]\w+))?)")
COUNTS = {"en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
           "åtta": 8, "nio": 9, "tio": 10}
RSVP = re.compile(r"\b(?:förhinder|anmäl\w*|o\.?s\.?a\.?|svara\s+senast)", re.IGNORECASE)
# What a reader would take for a time: a weekday, a month, a clock time, "före mötet", "senast".
DATED = re.compile(
    rf"\b(?:{alternatives(SwedishParserInfo.WEEKDAYS)}|{MONTH})\b|\bkl\.?\s*\d|\b\d{{1,2}}[.:]\d{{2}}\b|"
    r"\b\d{4}-\d{2}-\d{2}\b|\b(?:före|innan|efter)\s+\w*(?:möte|sammanträde)|\bsenast\b|"
    r"\b(?:idag|imorgon|i\s+morgon|nästa\s+vecka|om\s+\w+\s+veck)", re.IGNORECASE)
DIGITAL = re.compile(r"\b(?:digitalt|digital|på\s+distans|distans|via\s+(?:teams|zoom|länk))\b",
                      re.IGNORECASE)
WINDOW = re.compile(
    rf"\b(?:mellan\s+(?:kl\.?\s*)?(?P<a>{T})\s*[-–]\s*(?:kl\.?\s*)?(?P<b>{T})|"
    rf"(?:från|fr\.o\.m\.?)\s+(?:kl\.?\s*)?(?P<since>{T})|"
    rf"(?:fram\s+till|till|t\.o\.m\.?)\s+(?:kl\.?\s*)?(?P<until>{T}))", re.IGNORECASE)

NO_DATE = Phrase("The minutes have no 'Tid' line to date them: give the meeting's date with --today, "
           "e.g. 'scheduler --today 2023-12-15 extract minutes.txt', or add a line such as "
           "'Tid Fredag den 15 december 2023 kl 08.30-11.00'.")



@dataclass
class Expr:
    kind: str  # next, first, before, past, day, window
    start: int
    end: int
    phrase: str
    clock: str | None = None
    year: int | None = None
    groups: dict[str, str | None] = field(default_factory=dict)



def blank(sentence: str, exprs: list[Expr]) -> str:
    """The sentence with the expressions replaced by spaces (positions stay)."""
    for e in exprs:
        sentence = sentence[:e.start] + " " * (e.end - e.start) + sentence[e.end:]
    return sentence


def before_working_days(expr: Expr) -> int:
    """"en vecka" is five working days, "tre dagar" three."""
    count = expr.groups["count"] or "1"
    number = int(count) if count.isdigit() else COUNTS[count.lower()]
    return number * 5 if (expr.groups["unit"] or "").lower().startswith("veck") else number


def deadline_kind(title: str, window: DueWindow | None) -> str:
    """plan for a term or a year; else by the words: rsvp, answer, referral, material,
    report, internal."""
    if window is not None and window.precision in ("term", "year"):
        return "plan"
    if RSVP.search(title):
        return "rsvp"
    words = title.lower()
    for kind, pattern in (("answer", r"yttrande|remissvar"), ("referral", r"remiss"),
                          ("material", r"underlag|handling|material"),
                          ("report", r"redovisning|rapport"), ("internal", r"förslag|utkast")):
        if re.search(pattern, words):
            return kind
    return "action"


def day_of(when: dt.datetime | dt.date, tz: ZoneInfo) -> dt.date:
    return when.astimezone(tz).date() if isinstance(when, dt.datetime) else when


def sort_key(meeting: FoundMeeting, tz: ZoneInfo) -> tuple[dt.date, dt.time]:
    start = meeting.start
    return (day_of(start, tz),
            start.astimezone(tz).time() if isinstance(start, dt.datetime) else dt.time())

