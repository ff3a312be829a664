"""Indonesian text as owners and CSR staff write it, reduced to comparable terms.

The pipeline: lower-case → join known multi-word terms → split into words →
fix informal spellings → map Indonesian/English technical synonyms to one
canonical term (so "bubut", "lathe" and "turning" meet) → stem what is left
with Sastrawi, except the trade words it would mangle ("pengelasan" would
become "kelas") → drop stopwords. Unknown long words that look like a typo of
a known term ("bubutt", "pengelsan") are corrected to it.
"""

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

# Multi-word terms joined before splitting, so they act as one word.
PHRASES: dict[str, str] = {
    "spare part": "sparepart",
    "suku cadang": "sparepart",
    "roda gigi": "gear",
    "gulung dinamo": "rewinding",
    "gulung ulang": "rewinding",
    "lilit ulang": "rewinding",
    "motor listrik": "dinamo",
    "electric motor": "dinamo",
    "sepeda motor": "sepedamotor",
    "motor bike": "sepedamotor",
    "motor 3 phase": "dinamo",
    "motor 1 phase": "dinamo",
    "ac motor": "dinamo",
    "powder coating": "coating",
    "media sosial": "digital",
    "social media": "digital",
    "quality control": "mutu",
    "sheet metal": "plat",
    "wiring harness": "kabel",
    "cnc lathe": "cnc bubut",
    "cnc milling": "cnc frais",
    "laser cutting": "laser",
    "plasma cutting": "laser",
    "besi tempa": "tempa",
    "cetak logam": "cor",
    "hand made": "kerajinan",
    "e commerce": "digital",
    "online shop": "digital",
    "toko online": "digital",
    "bahan baku": "bahanbaku",
    "raw material": "bahanbaku",
    "harga pokok": "keuangan",
    "laporan keuangan": "keuangan",
    "tata letak": "produktivitas",
}

# Informal and short spellings seen in owners' writing.
INFORMAL: dict[str, str] = {
    "yg": "yang",
    "dgn": "dengan",
    "dg": "dengan",
    "utk": "untuk",
    "untk": "untuk",
    "tdk": "tidak",
    "gak": "tidak",
    "ga": "tidak",
    "nggak": "tidak",
    "enggak": "tidak",
    "krn": "karena",
    "karna": "karena",
    "sdh": "sudah",
    "udah": "sudah",
    "udh": "sudah",
    "blm": "belum",
    "jg": "juga",
    "sy": "saya",
    "aja": "saja",
    "bs": "bisa",
    "bsa": "bisa",
    "trima": "terima",
    "terima": "terima",
    "tsb": "tersebut",
    "dr": "dari",
    "pd": "pada",
    "msh": "masih",
    "bnyk": "banyak",
    "byk": "banyak",
    "kpd": "kepada",
    "org": "orang",
}

# Technical terms in both languages, and their inflected forms, mapped to one
# canonical term. These also protect trade words from the stemmer.
CANONICAL: dict[str, tuple[str, ...]] = {
    "bubut": ("bubut", "membubut", "pembubutan", "dibubut", "lathe", "turning", "bubutan"),
    "frais": ("frais", "freis", "frays", "milling", "miling", "mill"),
    "cnc": ("cnc",),
    "las": (
        "las",
        "pengelasan",
        "mengelas",
        "dilas",
        "ngelas",
        "welding",
        "weld",
        "welder",
        "lasan",
        "tig",
        "mig",
        "smaw",
        "argon",
    ),
    "fabrikasi": ("fabrikasi", "fabrication", "fabricate", "fabrikator", "konstruksi"),
    "rewinding": (
        "rewinding",
        "rewind",
        "lilitan",
        "gulung",
        "penggulungan",
        "kumparan",
        "armature",
        "spul",
    ),
    "dinamo": (
        "dinamo",
        "dynamo",
        "generator",
        "genset",
        "trafo",
        "transformer",
        "bldc",
        "alternator",
    ),
    "plating": (
        "plating",
        "pelapisan",
        "lapis",
        "elektroplating",
        "electroplating",
        "chrome",
        "krom",
        "verkrom",
        "galvanis",
        "galvanizing",
        "galvanis",
        "nikel",
        "zinc",
    ),
    "coating": ("coating", "cat", "pengecatan", "painting", "paint"),
    "cor": ("cor", "pengecoran", "casting", "foundry", "tuang", "coran"),
    "stamping": ("stamping", "press", "pres", "pon", "punching", "punch", "pengepresan"),
    "plat": ("plat", "pelat", "sheet", "lembaran"),
    "tekuk": ("tekuk", "bending", "bend", "penekukan"),
    "laser": ("laser", "cutting", "potong", "pemotongan"),
    "elektronik": ("elektronik", "electronics", "electronic", "elektronika"),
    "solder": ("solder", "soldering", "menyolder", "disolder"),
    "pcb": ("pcb", "pcba", "smt"),
    "rakit": ("rakit", "merakit", "perakitan", "assembly", "assembling", "assy"),
    "kabel": ("kabel", "cable", "wiring", "harness", "crimping", "crimp"),
    "bengkel": ("bengkel", "workshop"),
    "otomotif": ("otomotif", "automotive", "mobil", "car"),
    "sepedamotor": ("sepedamotor", "motorcycle", "motorbike", "matic"),
    "stainless": ("stainless", "sus", "inox", "ss304", "ss316"),
    "aluminium": ("aluminium", "alumunium", "aluminum", "almunium", "alumunium"),
    "finishing": (
        "finishing",
        "deburring",
        "deburr",
        "poles",
        "polishing",
        "polish",
        "gerinda",
        "grinding",
        "amplas",
        "buffing",
    ),
    "sparepart": (
        "sparepart",
        "spareparts",
        "komponen",
        "component",
        "components",
        "part",
        "parts",
        "onderdil",
    ),
    "servis": (
        "servis",
        "service",
        "perbaikan",
        "repair",
        "reparasi",
        "maintenance",
        "perawatan",
        "memperbaiki",
        "diperbaiki",
    ),
    "kerajinan": ("kerajinan", "craft", "crafts", "handicraft", "pengrajin", "perajin", "kriya"),
    "tembaga": ("tembaga", "copper"),
    "kuningan": ("kuningan", "brass"),
    "souvenir": (
        "souvenir",
        "suvenir",
        "cenderamata",
        "plakat",
        "trofi",
        "trophy",
        "medali",
        "pin",
        "gantungan",
    ),
    "ukir": ("ukir", "ukiran", "engraving", "grafir", "emboss", "tatah"),
    "baut": ("baut", "bolt", "mur", "nut", "sekrup", "screw", "fastener"),
    "poros": ("poros", "shaft", "as", "axle"),
    "bushing": ("bushing", "bush", "bos", "sleeve"),
    "gear": ("gear", "gir", "sprocket"),
    "braket": ("braket", "bracket", "dudukan"),
    "jig": ("jig", "fixture"),
    "cetakan": ("cetakan", "mold", "mould", "dies", "die", "moulding", "molding"),
    "presisi": ("presisi", "precision", "toleransi", "tolerance"),
    "tempa": ("tempa", "forging", "forge", "penempaan"),
    "pemasaran": (
        "pemasaran",
        "marketing",
        "promosi",
        "jualan",
        "penjualan",
        "pasar",
        "market",
        "branding",
        "sales",
    ),
    "mutu": ("mutu", "kualitas", "quality", "qc", "qa", "inspeksi", "inspection"),
    "k3": ("k3", "keselamatan", "safety", "hse"),
    "keuangan": (
        "keuangan",
        "pembukuan",
        "akuntansi",
        "finance",
        "financial",
        "bookkeeping",
        "kasir",
        "hpp",
    ),
    "modal": ("modal", "permodalan", "pinjaman", "kredit", "capital", "pembiayaan", "kur"),
    "desain": ("desain", "design", "gambar", "drawing", "cad", "autocad"),
    "digital": (
        "digital",
        "online",
        "marketplace",
        "ecommerce",
        "sosmed",
        "instagram",
        "tokopedia",
        "shopee",
        "website",
    ),
    "ekspor": ("ekspor", "export", "eksport"),
    "sertifikasi": (
        "sertifikasi",
        "sertifikat",
        "certification",
        "certificate",
        "iso",
        "sni",
        "halal",
    ),
    "produktivitas": (
        "produktivitas",
        "productivity",
        "efisiensi",
        "efficiency",
        "lean",
        "kaizen",
        "5s",
        "5r",
    ),
    "manajemen": ("manajemen", "management", "pengelolaan", "organisasi"),
    "kemasan": ("kemasan", "packaging", "packing"),
    "legalitas": ("legalitas", "perizinan", "izin", "nib", "legal"),
    "pelatihan": (
        "pelatihan",
        "training",
        "kursus",
        "bimbingan",
        "pendampingan",
        "mentoring",
        "coaching",
        "pembinaan",
    ),
}
SYNONYMS: dict[str, str] = {form: term for term, forms in CANONICAL.items() for form in forms}

_STOPWORD_TEXT = """
yang dan di ke dari untuk dengan atau pada ini itu juga sudah belum bisa dapat akan ada
adalah sebagai oleh karena agar supaya serta para tidak saja hanya masih lagi kami kita
saya aku anda kamu mereka dia nya pun sangat lebih paling per dll dsb dst etc the and of
for with to in on a an is are we our your from by as at or be all setiap semua banyak
sedikit berbagai macam jenis hal cara biasa biasanya sering terima melayani menerima
pesanan order dalam luar atas bawah antara secara tersebut mulai sejak tahun bulan hari
baru lama usaha kami sendiri sekitar daerah wilayah butuh perlu ingin mau kebutuhan
membutuhkan memerlukan bagi baik bagus sesuai pak bu ibu bapak mas mbak cv pt ud tbk
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_TOKEN = re.compile(r"[a-z0-9]+")
# Phrases by their first word: (the words after it, what the whole phrase becomes),
# longest first. Joining them on tokens costs a few microseconds a text, where one
# regular expression with every phrase as an alternative costs ten times that.
_PHRASE_WORDS: dict[str, list[tuple[list[str], list[str]]]] = {}
for _phrase, _joined in sorted(PHRASES.items(), key=lambda item: -len(item[0].split())):
    _first, *_rest = _phrase.split()
    _PHRASE_WORDS.setdefault(_first, []).append((_rest, _joined.split()))
del _phrase, _joined, _first, _rest
_KNOWN = tuple(SYNONYMS)


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The canonical term for one lower-case word ("" for a stopword)."""
    word = INFORMAL.get(word, word)
    if word in SYNONYMS:
        return SYNONYMS[word]
    if word in STOPWORDS or len(word) < 2:
        return ""
    if word.isdigit():
        return ""
    stem = _stemmer().stem(word)
    if stem in SYNONYMS:
        return SYNONYMS[stem]
    if len(word) >= 5 and not any(ch.isdigit() for ch in word):
        match = process.extractOne(
            word, _KNOWN, scorer=Levenshtein.normalized_similarity, score_cutoff=0.8
        )
        if match is not None:
            return SYNONYMS[match[0]]
    return "" if stem in STOPWORDS else stem


_TERMS: dict[str, str] = {}  # word → term, in front of term(): a plain dict lookup per word
_TERMS_LIMIT = 500_000


def analyse(text: str) -> tuple[list[str], list[str]]:
    """The text's plain lower-case words and its canonical terms, in one pass.

    The plain words include one-letter ones: the vocabulary leaves them out, which is
    cheaper than filtering every text."""
    tokens = _TOKEN.findall((text or "").lower())
    firsts = _PHRASE_WORDS.keys() & tokens
    words = _join_phrases(tokens, firsts) if firsts else tokens
    try:  # map over a dict's own lookup stays in C: the common case, every word seen before
        return tokens, list(filter(None, map(_TERMS.__getitem__, words)))
    except KeyError:
        if len(_TERMS) > _TERMS_LIMIT:
            _TERMS.clear()
        for word in words:
            if word not in _TERMS:
                _TERMS[word] = term(word)
        return tokens, list(filter(None, map(_TERMS.__getitem__, words)))


def _join_phrases(tokens: list[str], firsts) -> list[str]:
    """Tokens with each known multi-word phrase replaced by its joined form; `firsts`
    are the phrases' first words present. Earlier phrases win where two overlap."""
    spans = []
    for first in firsts:
        i = -1
        while (i := _find(tokens, first, i + 1)) >= 0:
            for rest, joined in _PHRASE_WORDS[first]:
                if tokens[i + 1 : i + 1 + len(rest)] == rest:
                    spans.append((i, i + 1 + len(rest), joined))
                    break
    if not spans:
        return tokens
    out, done = [], 0
    for start, end, joined in sorted(spans):
        if start >= done:
            out += tokens[done:start]
            out += joined
            done = end
    return out + tokens[done:]


def _find(tokens: list[str], word: str, start: int) -> int:
    try:
        return tokens.index(word, start)
    except ValueError:
        return -1


def terms(text: str) -> list[str]:
    """Canonical terms of a free text, in order, stopwords dropped."""
    return analyse(text)[1]


def normalise(text: str) -> str:
    """The canonical terms of a text joined by spaces, ready for a vectoriser."""
    return " ".join(terms(text))


# How a canonical term reads to people, in Indonesian and English.
TERM_LABELS: dict[str, tuple[str, str]] = {
    "bubut": ("bubut", "turning"),
    "frais": ("frais", "milling"),
    "cnc": ("CNC", "CNC"),
    "las": ("las", "welding"),
    "fabrikasi": ("fabrikasi", "fabrication"),
    "rewinding": ("gulung dinamo", "motor rewinding"),
    "dinamo": ("dinamo/motor listrik", "electric motors"),
    "plating": ("pelapisan (plating)", "plating"),
    "coating": ("pengecatan/coating", "coating"),
    "cor": ("pengecoran", "casting"),
    "stamping": ("stamping/press", "stamping"),
    "plat": ("pelat logam", "sheet metal"),
    "tekuk": ("tekuk pelat", "bending"),
    "laser": ("potong laser/plasma", "cutting"),
    "elektronik": ("elektronik", "electronics"),
    "solder": ("solder", "soldering"),
    "pcb": ("PCB", "PCB"),
    "rakit": ("perakitan", "assembly"),
    "kabel": ("kabel/wiring", "wiring"),
    "bengkel": ("bengkel", "workshop"),
    "otomotif": ("otomotif", "automotive"),
    "sparepart": ("suku cadang", "spare parts"),
    "sepedamotor": ("sepeda motor", "motorcycles"),
    "stainless": ("stainless", "stainless steel"),
    "aluminium": ("aluminium", "aluminium"),
    "finishing": ("finishing/poles", "finishing"),
    "servis": ("perbaikan/servis", "repair"),
    "kerajinan": ("kerajinan", "crafts"),
    "tembaga": ("tembaga", "copper"),
    "kuningan": ("kuningan", "brass"),
    "souvenir": ("suvenir/plakat", "souvenirs"),
    "ukir": ("ukir/grafir", "engraving"),
    "baut": ("baut & mur", "bolts & nuts"),
    "poros": ("poros/as", "shafts"),
    "bushing": ("bushing", "bushings"),
    "gear": ("roda gigi", "gears"),
    "braket": ("braket", "brackets"),
    "jig": ("jig & fixture", "jigs & fixtures"),
    "cetakan": ("cetakan/dies", "moulds & dies"),
    "presisi": ("presisi", "precision"),
    "tempa": ("tempa", "forging"),
    "pemasaran": ("pemasaran", "marketing"),
    "mutu": ("mutu/QC", "quality"),
    "k3": ("K3", "safety (K3)"),
    "keuangan": ("keuangan", "finance"),
    "modal": ("permodalan", "access to capital"),
    "desain": ("desain", "design"),
    "digital": ("pemasaran digital", "digital marketing"),
    "ekspor": ("ekspor", "export"),
    "sertifikasi": ("sertifikasi", "certification"),
    "produktivitas": ("produktivitas", "productivity"),
    "manajemen": ("manajemen", "management"),
    "kemasan": ("kemasan", "packaging"),
    "legalitas": ("legalitas/perizinan", "licensing"),
    "pelatihan": ("pelatihan", "training"),
}
MENTORING_TOPICS = frozenset(
    (
        "pemasaran",
        "mutu",
        "k3",
        "keuangan",
        "modal",
        "desain",
        "digital",
        "ekspor",
        "sertifikasi",
        "produktivitas",
        "manajemen",
        "kemasan",
        "legalitas",
    )
)


def term_label(term_: str) -> dict[str, str]:
    """A canonical term as {"id": …, "en": …} for display."""
    indonesian, english = TERM_LABELS.get(term_, (term_, term_))
    return {"id": indonesian, "en": english}


_PRODUCTS = frozenset(
    {
        "poros",
        "bushing",
        "gear",
        "baut",
        "braket",
        "sparepart",
        "souvenir",
        "cetakan",
        "jig",
        "kabel",
    }
)
_PROCESSES = frozenset(TERM_LABELS) - MENTORING_TOPICS - _PRODUCTS - {
    "pelatihan", "presisi", "stainless", "aluminium", "tembaga", "kuningan",
}  # fmt: skip


def kinds_of(text: str) -> set[str]:
    """The kinds of concept a text names ("process", "product", "topic")."""
    found = set()
    for t in terms(text):
        if t in _PRODUCTS:
            found.add("product")
        elif t in _PROCESSES:
            found.add("process")
        elif t in MENTORING_TOPICS:
            found.add("topic")
    return found


def is_labelled(term_: str) -> bool:
    """Whether a canonical term is a known concept people can read a label of."""
    return term_ in TERM_LABELS


def is_topic(term_: str) -> bool:
    """Whether a canonical term is a mentoring topic."""
    return term_ in MENTORING_TOPICS
