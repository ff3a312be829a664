"""Indonesian text as owners and CSR staff write it, reduced to comparable terms.

The pipeline, per text: lower-case → split into words → join the multi-word terms of
the vocabulary ("gulung dinamo", "powder coating", "as roda") → per word: standard
spelling for chat spellings ("yg", "utk") → the concept the vocabulary names
(ml.vocabulary: "pembubutan", "lathe" and "turning" all name `turning`) → else, for a
word Sastrawi is known to break, its real root → else Sastrawi's stem, if that names a
concept → else, for a word that is no Indonesian root word and not in the vocabulary,
a close typo of a vocabulary term ("bubutt", "pengelsan") → else the stem itself.
Stopwords are dropped. Ambiguous bare words ("motor", "panel", "as") stay as they
are: only phrases settle what they mean.

With `expand`, each concept also brings its parent (one level up, never a root of the
hierarchy): "las TIG" then shares `arc_welding` with "las listrik", a partial match
weighed by the vocabulary's own rarity, while a general word ("pelapisan") still
never stands for a narrow one ("zinc plating"). A trade also brings the work it does
("fabrikasi" brings `welding`).
"""

import re
from functools import lru_cache
from itertools import chain

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ml.vocabulary import root_words, vocabulary

TYPO_SIMILARITY = 0.8  # normalised Levenshtein similarity to count as a typo
TYPO_MIN_LENGTH = 5
# Words of requests and offers that say nothing about the work (ours); the rest of the
# stopwords are Sastrawi's list (Tala 2003) and scikit-learn's English list.
REQUEST_WORDS = frozenset(
    [
        "butuh",
        "dibutuhkan",
        "kebutuhan",
        "membutuhkan",
        "perlu",
        "memerlukan",
        "terima",
        "menerima",
        "melayani",
        "pesanan",
        "order",
        "borongan",
        "satuan",
        "dll",
        "dsb",
        "dst",
        "etc",
        "cv",
        "pt",
        "ud",
        "tbk",
        "pcs",
        "unit",
    ]
)
# Words, and the punctuation that ends a phrase: "bubut dan frais, CNC lathe" must not
# read "frais CNC" as one term.
_PIECE = re.compile(r"[a-z0-9]+|[,.;:!?()\[\]/|\n]")
_PUNCTUATION = frozenset(",.;:!?()[]/|\n")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Indonesian (Sastrawi), English (scikit-learn) and request words."""
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    indonesian = StopWordRemoverFactory().get_stop_words()
    return frozenset(indonesian) | ENGLISH_STOP_WORDS | REQUEST_WORDS


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=1)
def informal() -> dict[str, str]:
    """Chat spellings and the standard word they stand for (ml/data/vocabulary/informal.csv)."""
    from ml.vocabulary import _rows

    return {row["word"]: row["standard"] for row in _rows("informal.csv")}


@lru_cache(maxsize=1)
def _typo_targets() -> dict[str, tuple[str, ...]]:
    """One-word vocabulary terms long enough to be typed wrong, by first letter."""
    targets: dict[str, list[str]] = {}
    for word in vocabulary().words:
        if len(word) >= TYPO_MIN_LENGTH and word.isalpha():
            targets.setdefault(word[0], []).append(word)
    return {letter: tuple(words) for letter, words in targets.items()}


def typo_of(word: str) -> str | None:
    """The vocabulary term `word` is a typo of, or None. Only a word that is neither an
    Indonesian root word (Sastrawi's dictionary) nor a derived form of one, nor in the
    vocabulary, is ever corrected."""
    if len(word) < TYPO_MIN_LENGTH or not word.isalpha() or word in vocabulary().words:
        return None
    if word in root_words() or _stemmer().stem(word) != word:
        return None
    match = process.extractOne(
        word,
        _typo_targets().get(word[0], ()),
        scorer=Levenshtein.normalized_similarity,
        score_cutoff=TYPO_SIMILARITY,
    )
    return match[0] if match else None


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The term for one lower-case word: a concept id, a stem, or "" for a stopword."""
    vocab = vocabulary()
    if word.startswith("="):  # a phrase already read as its concept (_join_phrases)
        return word[1:]
    word = informal().get(word, word)
    if word in vocab.words:
        return vocab.words[word]
    if len(word) < 2 or word.isdigit() or word in stopwords():
        return ""
    if word in vocab.ambiguous:
        return word
    stem = vocab.stem_exceptions.get(word) or _stemmer().stem(word)
    for candidate in (stem, word[:-1] if word.endswith("s") else ""):
        if candidate in vocab.words:
            return vocab.words[candidate]
    corrected = typo_of(word)
    if corrected is not None:
        return vocab.words[corrected]
    return "" if stem in stopwords() else stem


_TERMS: dict[str, str] = {}  # piece → term, in front of term(): one dict lookup a word
_EXPANSIONS: dict[str, tuple[str, ...]] = {}  # term → the term with what expand() adds
_CACHE_LIMIT = 500_000


def analyse(text: str, expand: bool = False) -> tuple[list[str], list[str]]:
    """The text's plain lower-case words and its terms, in order.

    The plain words include one-letter ones: the vocabulary leaves them out, which is
    cheaper than filtering every text. The common case, every word seen before, runs
    as dictionary lookups mapped in C."""
    pieces = _PIECE.findall((text or "").lower())
    tokens = [p for p in pieces if p not in _PUNCTUATION]
    pairs = _phrases_by_pair().keys() & set(zip(pieces, pieces[1:], strict=False))
    joined = _join_phrases(pieces, pairs) if pairs else pieces
    try:
        found = list(filter(None, map(_TERMS.__getitem__, joined)))
    except KeyError:
        if len(_TERMS) > _CACHE_LIMIT:
            _TERMS.clear()
        for piece in joined:
            if piece not in _TERMS:
                _TERMS[piece] = "" if piece in _PUNCTUATION else term(piece)
        found = list(filter(None, map(_TERMS.__getitem__, joined)))
    if not expand:
        return tokens, found
    try:
        return tokens, list(chain.from_iterable(map(_EXPANSIONS.__getitem__, found)))
    except KeyError:
        for t in found:
            if t not in _EXPANSIONS:
                _EXPANSIONS[t] = _expansion(t)
        return tokens, list(chain.from_iterable(map(_EXPANSIONS.__getitem__, found)))


def _join_phrases(tokens: list[str], pairs) -> list[str]:
    """Tokens with each vocabulary phrase replaced by the concept it names, marked with a
    leading "=" (which no token has) so term() passes it through; the longest phrase at
    a position wins, and punctuation tokens match no phrase. Only the positions of the
    word pairs that begin a phrase (`pairs`, found by set intersection) are looked at."""
    vocab = vocabulary()
    spans, by_pair = [], _phrases_by_pair()
    for pair in pairs:
        i = -1
        while (i := _find(tokens, pair[0], i + 1)) >= 0:
            if i + 1 < len(tokens) and tokens[i + 1] == pair[1]:
                for rest, concept in by_pair[pair]:
                    if tuple(tokens[i + 1 : i + 1 + len(rest)]) == rest:
                        spans.append((i, i + 1 + len(rest), concept))
                        break
    out, done = [], 0
    for start, end, concept in sorted(spans):
        if start < done:
            continue
        out += tokens[done:start]
        out.append("=" + concept)
        if vocab.concepts[concept].kind == "trade":
            # "bengkel bubut", "tukang las": the workshop still turns or welds
            out += [t for t in tokens[start:end] if t in vocab.words]
        done = end
    return out + tokens[done:]


@lru_cache(maxsize=1)
def _phrases_by_pair() -> dict[tuple[str, str], list[tuple[tuple[str, ...], str]]]:
    """The vocabulary's phrases by their first two words, longest first."""
    found: dict[tuple[str, str], list] = {}
    for first, entries in vocabulary().phrases.items():
        for rest, concept in entries:  # already longest first
            found.setdefault((first, rest[0]), []).append((rest, concept))
    return found


def _find(tokens: list[str], word: str, start: int) -> int:
    try:
        return tokens.index(word, start)
    except ValueError:
        return -1


def _expansion(t: str) -> tuple[str, ...]:
    """A term, its parent (not a root of the hierarchy) and, for a trade, the work it does
    (vocabulary trade_work.csv)."""
    vocab = vocabulary()
    out = [t]
    parent = vocab.concepts[t].parent if t in vocab.concepts else ""
    if parent and vocab.concepts.get(parent) and vocab.concepts[parent].parent:
        out.append(parent)
    out += vocab.works.get(t, ())
    return tuple(out)


def terms(text: str) -> list[str]:
    """Terms of a free text, in order, stopwords dropped."""
    return analyse(text)[1]


def normalise(text: str) -> str:
    """The terms of a text joined by spaces, ready for a vectoriser."""
    return " ".join(terms(text))


def is_labelled(term_: str) -> bool:
    """Whether a term is a concept of the vocabulary (it has labels people read)."""
    return term_ in vocabulary().concepts


def is_topic(term_: str) -> bool:
    """Whether a term is a mentoring topic."""
    found = vocabulary().concepts.get(term_)
    return found is not None and found.kind == "topic"


def term_label(term_: str) -> dict[str, str]:
    """A term as {"id": …, "en": …} for display."""
    vocab = vocabulary()
    return {"id": vocab.label(term_, "id"), "en": vocab.label(term_, "en")}


def kinds_of(text: str) -> set[str]:
    """The kinds of concept a text names ("process", "product", "service", "topic"…)."""
    concepts = vocabulary().concepts
    return {concepts[t].kind for t in terms(text) if t in concepts}
