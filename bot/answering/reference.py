"""The reference a grounded answer comes from: its rows (MedQuAD's layouts, from the Hub or a file),
their topics and synonyms, and the indexes over them (TF-IDF, topic rows, template words). The index
is cached in the state directory as arrays and JSON (bot/answering/refcache.py: data only) and rebuilt only when
the rows or the indexing code change (`_fingerprint`)."""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.answering import refcache
from bot.answering.understand import FocusNames, canonical_qtype, name_key, words
from medbot.tables import load_table
from medbot.text import clean

log = logging.getLogger(__name__)

# MedlinePlus drug and herb pages' question types: a focus with rows of these is a medicine
DRUG_QTYPES = frozenset({"usage", "precautions", "side effects", "dose", "storage and disposal", "forget a dose",
                         "brand names",
                         "indication", "emergency or overdose", "how effective is it", "interactions with medications"})
TEMPLATE = {"what", "is", "are", "the", "of", "how", "do", "does", "can", "i", "to", "a", "an", "and", "for", "be",
             "about", "should", "know", "information", "symptom", "treatment", "cause", "who", "get", "have"}


@dataclass(frozen=True)
class Row:
    question: str
    answer: str
    url: str
    focus: str
    qtype: str
    synonyms: tuple[str, ...] = ()
    qid: str = ""


def _split_synonyms(raw: Any, sep: str) -> tuple[str, ...]:
    if not isinstance(raw, str) or not raw.strip():
        return ()
    return tuple(s.strip() for s in raw.split(sep) if s.strip())


def load_rows(spec: str | Path) -> list[Row]:
    """Reference rows from a Hub dataset or a local file (medbot/tables.py) in the layout of lavita/MedQuAD
    (`question_focus`, `question_type`, `document_url`, `|`-separated synonyms), MedQuAD's CSV
    (`question, answer, url, focus, qtype, synonyms` `; `-separated, `qid`) or its link-only CSV (no
    `answer`)."""
    df = load_table(spec)
    if "focus" not in df.columns:  # a trainer's medical_qa_processed.csv calls it `group`
        alias = next((c for c in ("group", "topic") if c in df.columns), None)
        if alias:
            df = df.rename(columns={alias: "focus"})
    if "question_focus" in df.columns:  # the Hub layout
        df = df.rename(columns={"question_focus": "focus", "question_type": "qtype", "document_url": "url",
                                "question_id": "qid"})
        sep = "|"
        df["qid"] = df["document_source"].astype(str) + "/" + df["qid"].astype(str)
    else:
        sep = ";"
    if "question" not in df.columns or not ({"answer", "url"} & set(df.columns)):
        raise ValueError(f"a reference file needs `question` and `answer` columns (or `url` for link-only rows; "
                         f"`focus` for topics); columns found: {', '.join(map(str, df.columns))}")
    df = df.fillna("")
    get = lambda col: df[col].astype(str).tolist() if col in df.columns else [""] * len(df)  # noqa: E731
    return [Row(clean(q), a.strip(), u.strip(), f.strip(), canonical_qtype(t), _split_synonyms(s, sep), i)
            for q, a, u, f, t, s, i in zip(get("question"), get("answer"), get("url"), get("focus"), get("qtype"),
                                           get("synonyms"), get("qid"), strict=True) if q.strip()]


# words that make a name more specific without making it another condition ("Ear infection - acute")
QUALIFIERS = frozenset({"acute", "chronic", "disease", "disorder", "syndrome", "infection", "fever", "in", "of", "the",
                        "parasite", "level"})  # "Parasites - Scabies" (CDC), "High blood cholesterol levels"
_AT_HOME = frozenset({"at", "home"})
# words that make a name another condition's: the inherited form, or another population's page
_OTHER_FORM = frozenset({"familial", "hereditary", "congenital", "inherited", "autosomal", "infant", "newborn",
                         "child", "children", "childhood", "adult", "pediatric", "juvenile", "pregnancy"})
_LINKS = frozenset({"in", "of", "the"})  # one qualifier at most: "chronic fatigue syndrome" is not "fatigue"


# genetic and rare-disease pages: they list common findings ("muscle atrophy") of rare conditions
_RARE_SITES = re.compile(r"ghr\.nlm\.nih\.gov|rarediseases\.info\.nih\.gov")


_SENTENCES = re.compile(r"(?<=[.!?;:])\s+")
_SIGN_WORDS = re.compile(r"\b(?:symptoms?|signs?)\b", re.I)


class Reference:
    """Rows, their foci and synonyms, and the indexes over them."""

    def __init__(self, rows: list[Row]):
        if not rows:
            raise ValueError("the reference has no question rows")
        t0 = time.perf_counter()
        self.rows = rows
        self.rows_read, self.answered_read = len(rows), sum(1 for r in rows if r.answer)  # before repeats went
        self.fkeys = [name_key(r.focus) for r in rows]
        syn_keys: dict[str, set[str]] = {}
        for r, k in zip(rows, self.fkeys, strict=True):
            syn_keys.setdefault(k, set()).update(name_key(s) for s in r.synonyms)
        self.synonym_keys = syn_keys
        self.names = FocusNames.build((r.focus for r in rows), (r.synonyms for r in rows))
        self.names.drugs = {k for r, k in zip(rows, self.fkeys, strict=True) if r.qtype in DRUG_QTYPES}
        self.names.add_medicine_forms(self.names.drugs)
        answered = [(r.answer, k) for r, k in zip(rows, self.fkeys, strict=True) if r.answer]
        self.names.add_hints((a for a, _ in answered), (k for _, k in answered))
        self.focus_rows: dict[str, list[int]] = {}
        for i, k in enumerate(self.fkeys):
            self.focus_rows.setdefault(k, []).append(i)
        docs = [f"{r.question} {r.focus} {' '.join(r.synonyms)}" for r in rows]
        self.vectorizer = new_vectorizer()
        self.matrix = self.vectorizer.fit_transform(docs)
        self.qmatrix = self.vectorizer.transform([r.question for r in rows])
        # words of the question templates ("special", "precautions", "prescribed"): in the questions of many
        # topics, they say what is asked, not about what, and the type features already weigh that
        spread: dict[str, set[str]] = {}
        for r, k in zip(rows, self.fkeys, strict=True):
            for w in set(words(r.question)):
                spread.setdefault(w, set()).add(k)
        many = max(30, len(self.focus_rows) // 200)
        self.template = frozenset(w for w, fs in spread.items() if len(fs) > many) | TEMPLATE
        row_words = [words(r.question) for r in rows]
        self.row_words = [set(ws) - self.template for ws in row_words]
        self.row_lengths = [len(ws) or 1 for ws in row_words]
        log.info("grounding: %d reference rows (%d with answers), %d focus names in %.1fs", len(rows),
                 sum(1 for r in rows if r.answer), len(self.names.keys), time.perf_counter() - t0)

    def has_text(self, fkey: str) -> bool:
        """Whether any of the topic's rows has answer text (not only a link)."""
        return any(self.rows[i].answer for i in self.focus_rows.get(fkey, []))

    def mentions(self, fkey: str, name: str) -> bool:
        """Whether the topic's own answer text names `name` (a name key: singular words) as one of its signs: in its
        symptoms page, or in a sentence of its other pages that speaks of symptoms or signs ("fever" in typhoid
        fever's, "mouth sore" in hand-foot-mouth disease's); not a condition named elsewhere on its pages
        ("shingles" on chickenpox's)."""
        cache: dict[str, str] = self.__dict__.setdefault("_signs", {})
        if fkey not in cache:
            said = []
            for i in self.focus_rows.get(fkey, []):
                row = self.rows[i]
                for sentence in _SENTENCES.split(row.answer or ""):
                    if canonical_qtype(row.qtype) == "symptoms" or _SIGN_WORDS.search(sentence):
                        said.extend(words(sentence))
            cache[fkey] = " " + " ".join(said) + " "
        return bool(name) and f" {name} " in cache[fkey]

    def writes(self, fkey: str, name: str) -> bool:
        """Whether the answer text of the topic's pages and of its family's (`family`) writes `name` (a name key:
        singular words) within a sentence: "metformin" in PCOS's treatment page, "pneumonia" in measles'
        complications, "spleen" in mononucleosis'; never across sentences ("... the heart. Attack rates ...")."""
        cache: dict[str, str] = self.__dict__.setdefault("_writes", {})
        if fkey not in cache:
            said = [" ".join(words(sentence)) for f in self.family(fkey) for i in self.focus_rows.get(f, [])
                    for sentence in _SENTENCES.split(self.rows[i].answer or "")]
            cache[fkey] = " | ".join(["", *said, ""])
        return bool(name) and f" {name} " in cache[fkey]

    def text_twins(self, fkey: str) -> list[str]:
        """Topics with answer text that the same name or synonym names, or whose name is part of this
        one ("acute kidney failure" -> "kidney failure"), for a topic whose own pages are link-only."""
        cache: dict[str, list[str]] = self.__dict__.setdefault("_twins", {})
        if fkey in cache:
            return cache[fkey]
        rows = self.focus_rows.get(fkey, [])
        twins: list[str] = []
        if rows and not self.has_text(fkey):
            # the topic's other names, and the larger parts of its own name ("acute kidney failure" ->
            # "kidney failure", "tension headache" -> "headache"; not "mouth" of "hand foot mouth disease")
            names = {fkey, *self._own_synonyms(fkey)}
            ws = [] if fkey in self.names.drugs else fkey.split()  # a medicine: not "sodium" for "sodium oxybate"
            names.update(" ".join(ws[i:j]) for i in range(len(ws)) for j in range(i + 1, len(ws) + 1)
                         if len(ws) > j - i >= len(ws) / 2 and (j - i > 1 or ws[i] not in self.names.common))
            found = {f for n in names for f in self.names.keys.get(n, ())} - {fkey}
            twins = sorted((f for f in found if self.has_text(f)),
                           key=lambda f: -len(f))[:3]
        cache[fkey] = twins
        return twins

    def family(self, fkey: str) -> list[str]:
        """The topic and the topics that are the same thing under another page's name, closest first:
        those its name or a synonym names ("Dengue" -> "Dengue fever", "Eczema" -> "Atopic dermatitis"),
        then those named like it with one qualifier ("Ear infections" -> "Ear infection - acute", "High blood
        cholesterol" -> "High blood cholesterol levels") or as its care at home ("Managing migraines at home"). Never
        a page on another population ("diarrhea in infants" is not "diarrhea") nor the rare inherited
        form ("familial atrial fibrillation"). MedlinePlus keeps a condition's overview and its
        encyclopedia's pages on causes, treatment... under different names; an aspect question about
        one is answered from the other."""
        cache: dict[str, list[str]] = self.__dict__.setdefault("_family", {})
        if fkey in cache:
            return cache[fkey]
        mine = set(fkey.split())
        out = [fkey]
        for n in [fkey, *self._own_synonyms(fkey)]:  # its own name first
            named = {k for k in self.names.keys.get(n, set()) if not (set(k.split()) - mine) & _OTHER_FORM}
            out += sorted(named - set(out))
        for foci in self.names.acronyms.values():  # "TB": tuberculosis and pulmonary tuberculosis
            if fkey in foci and len(foci) <= 3:
                out += sorted(k for k in foci - set(out) if not (set(k.split()) - mine) & _OTHER_FORM)
        if mine and (len(mine) > 1 or not mine <= self.names.common):
            index = self._words_index()
            rarest = min(mine - {"and"} or mine, key=lambda w: len(index.get(w, ())))  # "and" may be left out
            for k in sorted(index.get(rarest, ())):
                ws = set(k.split())
                extra = ws ^ mine
                # "Managing migraines at home": caring for the condition at home; "Poison ivy - oak - sumac" is
                # "Poison Ivy, Oak and Sumac" written without its "and"
                home = mine < ws and extra >= _AT_HOME and extra - _AT_HOME <= {"managing"}
                if k not in out and (mine < ws or ws < mine) and (
                        home or extra <= QUALIFIERS and len(extra - _LINKS) == 1 or extra == {"and"}) and (
                        fkey not in self.names.drugs or k in self.names.drugs) and not (
                        "level" in extra and k in self.names.drugs):
                    # a medicine's is a medicine ("warfarin": never "warfarin syndrome"), and a page on levels is a
                    # condition's, never a medicine's ("Lithium levels" is no lithium tablet's)
                    out.append(k)
        # a vaccine's information statements, named by its disease, its name and its brand ("HPV (Human Papillomavirus)
        # Vaccine (Gardasil)": its side effects, who should not get it)
        if fkey.endswith(" vaccine"):
            index = self._words_index()
            out += sorted(k for k in index.get("vaccine", ()) if k not in out and f" {fkey} " in f" {k} ")
        # last, the encyclopedia's pages on the condition in adults, where its own overview is the one with text
        # ("Cataract - adult": outlook, treatment... of "cataract"); a child's are another condition's
        adult = f"{fkey} adult"
        if adult in self.focus_rows and adult not in out and self.has_text(fkey) and not self.has_text(adult):
            out.append(adult)
        cache[fkey] = out
        return out

    def _own_synonyms(self, fkey: str) -> list[str]:
        """The topic's synonyms that name at most one other topic: a synonym several share
        ("osteochondrosis": Osgood-Schlatter, Kienbock's...) names none of them in particular."""
        return sorted(n for n in self.synonym_keys.get(fkey, set()) - {fkey}
                      if len(self.names.keys.get(n, set()) - {fkey}) <= 1)

    def _words_index(self) -> dict[str, set[str]]:
        """Name word -> the topics whose name has it; built whole, then published (replies run in threads)."""
        index: dict[str, set[str]] | None = self.__dict__.get("_by_word")
        if index is None:
            index = {}
            for k in self.focus_rows:
                for w in set(k.split()):
                    index.setdefault(w, set()).add(k)
            self.__dict__["_by_word"] = index
        return index

    def mentioned_in(self, fkey: str, limit: int = 3) -> list[tuple[int, int, str]]:
        """(row, where, name): consumer pages' answers that say what a topic with no text of its own
        (nor in its family) is or does, where they say it ("Septic shock is caused by ..." in the page
        on shock), the answers that do it most first, an overview first on a tie. Not the rare-disease
        sites' pages (they list common findings of rare conditions), not a name inside a longer one
        ("neuralgia" in "Occipital neuralgia is"), and only under the topic's own name."""
        cache: dict[str, list[tuple[int, int, str]]] = self.__dict__.setdefault("_mentions", {})
        if fkey in cache:
            return cache[fkey]
        rows = self.focus_rows.get(fkey, [])
        # its own name only: synonyms are often the name of a procedure or finding that other pages use for
        # other things ("wide local excision" for a lumpectomy, "neuropathic pain" for neuralgia)
        names = {n.strip() for n in (self.rows[i].focus for i in rows[:1]) if len(n.strip()) >= 4 and not n.isupper()}
        # a one-word name many answers use is an everyday word there ("scales", "pulses", "genetics")
        names = {n for n in names if " " in n or self.names.freq.get(name_key(n), 0) <= 40}
        found: list[tuple[int, int, int, str]] = []
        if names and fkey not in self.names.drugs:  # a medicine's text is its label's (bot/answering/drugs.py)
            low: list[str] = self.__dict__.get("_lower_answers") or []
            if not low:
                low = [r.answer.lower() for r in self.rows]
                self.__dict__["_lower_answers"] = low
            alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            # named as what the sentence is about ("Septic shock is caused by"), not in passing ("symptoms
            # include fever, runny nose", "if you have knee pain", "- having nightmares - ")
            rx = re.compile(rf"(\w+[ -])?\b(?i:({alternatives}))(?:s|es)?\b(?=\s*(?:\([^)]*\)\s*)?(?:is|are|was|"
                            r"were|can|may|causes?|happens?|occurs?|means?|affects?|results?|usually|often|"
                            r"develops?)\b)")
            # ... or as a list item's term and its definition ("- Tonsillitis - an infection in the tonsils",
            # "- Trigger finger - an irritation of the sheath ..."): the MedlinePlus summaries' lists of conditions
            item = re.compile(rf"(?:^|(?<=- ))()(?i:({alternatives}))(?:s|es)?(?:\s*\([^)]*\))?\s*(?:-|:)\s+(?=[a-z])")
            lowered = [n.lower() for n in names]
            for i, r in enumerate(self.rows):
                if not (r.answer and self.fkeys[i] != fkey and any(n in low[i] for n in lowered)) \
                        or _RARE_SITES.search(r.url):
                    continue
                hits = [m for m in rx.finditer(r.answer) if not self._longer_name(m.group(1), m.group(2))] + \
                    [m for m in item.finditer(r.answer) if m.group(2)[0].isupper()]  # not "- abdominal bloating - gas"
                if hits:  # the first place the page says it ("- Pleural effusion - excess fluid" before a sentence)
                    first = min(hits, key=lambda m: m.start(2))
                    found.append((-len(hits) - (r.qtype == "information"), first.start(2), i, first.group(2)))
        found.sort()
        cache[fkey] = [(i, at, name) for _, at, i, name in found[:limit]]
        return cache[fkey]

    def _longer_name(self, before: str | None, name: str) -> bool:
        """Whether the word before `name` makes it part of another topic's name ("Occipital neuralgia")."""
        return bool(before) and name_key(f"{before} {name}") in self.names.keys

    @classmethod
    def load(cls, *specs: str | Path, cache_dir: Path | None = None) -> Reference:
        """The rows of every spec (Hub datasets or files), indexed; with `cache_dir`, the index is read
        from there when these rows were indexed before by this code, else built and kept there."""
        rows: list[Row] = []
        seen: set[tuple[str, str]] = set()
        read = answered = 0
        for p in specs:
            for r in load_rows(p):
                read, answered = read + 1, answered + bool(r.answer)
                if (r.question, r.url) not in seen:  # the Hub file and the CSVs overlap; repeats add nothing
                    seen.add((r.question, r.url))
                    rows.append(r)
        path = cache_dir / f"reference-{_fingerprint(rows)}{refcache.SUFFIX}" if cache_dir is not None else None
        ref = refcache.read(path, rows, cls) if path is not None else None
        if ref is not None:
            log.info("reference index read from %s", path)
        else:
            ref = cls(rows)
            if path is not None:
                refcache.write(path, ref)
        ref.rows_read, ref.answered_read = read, answered
        return ref


def new_vectorizer() -> Any:
    """The TF-IDF vectorizer of the reference (built here, or filled from the cache)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english", dtype=np.float32, min_df=1)


def _fingerprint(rows: list[Row]) -> str:
    """Changes when a row or the indexing code changes (this module, understand.py and followup.py beside
    it, medbot/text.py and the cache's format), or with the scikit-learn version that tokenises the text."""
    import sklearn

    from bot.answering import followup, understand
    from medbot import text

    h = hashlib.sha256(sklearn.__version__.encode())
    for module in (__file__, understand.__file__, followup.__file__, text.__file__, refcache.__file__):
        h.update(Path(module).read_bytes())
    for r in rows:
        h.update(repr(r).encode("utf-8", "replace"))
    return h.hexdigest()[:20]
