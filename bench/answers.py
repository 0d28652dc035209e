"""Answers people can read (issue 29): grounded replies through the bot's own core, judged per message.

Two kinds of data, kept apart:
- conversations written for this project by independent writers who never saw the rules
  (`data/conversations/`: development, looked at while building; `tests/data/conversations_heldout/`:
  held out, run only to report): Indonesian questions, follow-ups, topic switches and non-medical second
  messages, each message labelled with its English topic and the aspect asked;
- rqe_test (`../shared/data/consumer/rqe_test.csv`: real NLM consumer messages, held out: it tuned
  nothing): answered, link-only, and whether the page chosen agrees with an FAQ labelled as answering it.

Every message goes through `Core.answer` with the re-ranking retriever over the reference users get by
default (lavita/MedQuAD's layout; offline its local copy `medquad_hub.parquet`), so follow-up memory,
the Indonesian path, the off-topic reply and text-first answers are what is measured. A reply is judged
by the page it cites first (`Source:` or a link-only line): right topic when that page's focus (or one
of its synonyms) is the labelled topic (generic words such as "syndrome" or "infection" aside) or contains
it (for a reply that quotes another page's words about the topic, "The NIH page on X says this about Y",
the page its "More on" line links), right aspect
when its question type is the aspect's or a related one, or the "More on" page's is; a non-medical
message is right when the reply cites no page. Two ceilings of the reference are counted apart among the wrong
messages whose reply found the labelled topic in the message's language: the topic's pages have only an overview
for the asked aspect, or none of its pages has any text (A.D.A.M.'s link-only pages: "Strep throat", "Newborn
jaundice"); "right_or_reference_ceiling" counts the
conversations whose every message is right or wrong only for one of those.

python bench/answers.py --shared ../shared/data [--json bench/results/answers_cpu.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import time
from pathlib import Path
from typing import Any

import pandas as pd
from common import ROOT, table, write_json

from bot.answering.reference import Reference
from bot.answering.rerank import ConsumerRetriever, Reranker
from bot.answering.understand import name_key, type_relation, understand
from bot.app import SHIPPED_RERANKER
from bot.core import Core
from bot.operations.config import Settings
from bot.safety.lang import detect

ASPECT_QTYPE = {"overview": "information", "symptoms": "symptoms", "causes": "causes", "treatment": "treatment",
                "prevention": "prevention", "tests": "exams and tests", "outlook": "outlook",
                "complications": "complications", "contagious": "causes", "genetics": "inheritance",
                "risk": "susceptibility", "side effects": "side effects", "dose": "dose", "safety": "precautions"}
_URL = re.compile(r"https?://\S+")
_TYPE = re.compile(r"\btype (\w+)")
_MENTION = re.compile(r"^The NIH page on .{1,120} says this about ", re.M)
_MORE = re.compile(r"^More on [^\n]*: (https?://\S+)", re.M)
SETS = {"dev": ROOT / "data" / "conversations", "held-out": ROOT / "tests" / "data" / "conversations_heldout"}


class Judge:
    def __init__(self, ref: Reference):
        self.ref = ref
        self.by_url: dict[str, list[int]] = {}
        for i, r in enumerate(ref.rows):
            if r.url:
                self.by_url.setdefault(r.url.rstrip(".,)"), []).append(i)

    def topic_has_text(self, topic: str) -> bool:
        """Whether any page of the labelled topic (by `topic_right`) has text in the reference: where none has
        (A.D.A.M.'s link-only "Strep throat", "Newborn jaundice"), a reply can give only the topic's link."""
        cache: dict[str, bool] = self.__dict__.setdefault("_has_text", {})
        if topic not in cache:
            if not hasattr(self, "_by_word"):
                self._by_word: dict[str, list[str]] = {}
                for k in self.ref.focus_rows:
                    for w in set(k.split()):
                        self._by_word.setdefault(w, []).append(k)
            key = name_key(topic)
            want = ({key} | self.ref.names.keys.get(key, set())) - {""}
            near = {k for a in want for w in a.split() for k in self._by_word.get(w, ())}
            cache[topic] = any(self.ref.rows[i].answer for k in near for i in self.ref.focus_rows[k]
                               if self.topic_right(topic, [i]))
        return cache[topic]

    def cited(self, reply: str) -> list[int]:
        """Rows of the first page the reply cites (several rows share an A.D.A.M. page)."""
        urls = _URL.findall(reply)
        return self.by_url.get(urls[0].rstrip(".,)"), []) if urls else []

    def more(self, reply: str) -> list[int]:
        """Rows of the page a "More on <aspect>:" line links (a link-only page answered with text)."""
        m = _MORE.search(reply)
        return self.by_url.get(m.group(1).rstrip(".,)"), []) if m else []

    def topic_right(self, topic: str, rows: list[int]) -> bool:
        """The page's focus or one of its synonyms is the labelled topic, or a more specific name of it
        ("type 2 diabetes" for "diabetes"; not "cancer" for "lung cancer"). The label is looked up as
        written (the reference's exact names, no spelling correction: the judge must not share the
        bot's mistakes)."""
        key = name_key(topic)
        want = {key} | self.ref.names.keys.get(key, set())
        want.discard("")
        # a more specific name of the label, or of a page the label names, but never another type than the label's:
        # "type 2 diabetes" is one of the overview "Diabetes"'s synonyms, and "Diabetes mellitus type 1" is a more
        # specific name of diabetes, not of type 2 diabetes
        types = set(_TYPE.findall(key))
        for i in rows:
            k = self.ref.fkeys[i]
            have = {k, *self.ref.synonym_keys.get(k, ())}
            if want & have or any((_contains(b, a) or _same_core(a, b))
                                  and not (types and set(_TYPE.findall(b)) - types) for a in want for b in have):
                return True
        return False

    def judge(self, turn: dict[str, Any], reply: str, kind: str = "") -> dict[str, Any]:
        rows = self.cited(reply)
        text_rows = [i for i in rows if self.ref.rows[i].answer]
        out = {"kind": turn.get("_kind"), "lang": turn["lang"], "cites": bool(rows),
               "link_only": bool(rows) and not text_rows and "Source:" not in reply}
        lead_id = detect(reply.split("\n", 1)[0]) == "id"
        if turn.get("topic_en") is None:  # right: no page (the off-topic reply or a decline); counted apart
            out.update(topic=not rows, right=not rows, off_topic_reply=kind == "off_topic")
            return out
        topic = bool(rows) and self.topic_right(turn["topic_en"], rows)
        if not topic and _MENTION.search(reply):  # another page's words about the topic, its own page linked
            topic = self.topic_right(turn["topic_en"], self.more(reply))
        want = ASPECT_QTYPE.get(turn["aspect"], "information")
        related = lambda rs: any(type_relation(want, self.ref.rows[i].qtype) > 0 for i in rs)  # noqa: E731
        text_on_aspect = bool(rows) and (related(rows) or want == "information")
        # text of the topic with the asked aspect's page linked after it counts: the text-first reply
        # and in the message's language: an Indonesian lead line for Indonesian, none for English
        language = lead_id if turn["lang"] == "id" else not lead_id
        out.update(topic=topic, right=topic and language and (text_on_aspect or related(self.more(reply))),
                   text_on_aspect=topic and text_on_aspect)
        # the page cited is the topic's, and the reference has no page of that topic on the asked aspect: the
        # topic's overview was the best it could quote (a ceiling of the reference, not of understanding)
        out["only_overview_exists"] = bool(topic and language and not out["right"] and rows and not any(
            related(self.ref.focus_rows.get(self.ref.fkeys[i], [])) for i in rows))
        # the reply found the labelled topic's page (in the message's language) but none of that topic's pages has
        # text in the reference: only its link could be given (a ceiling of the reference); a reply that missed
        # the topic is a miss of understanding, counted wrong, whatever the topic's pages hold
        out["no_text_for_topic"] = bool(topic and language and not out["right"]
                                        and not self.topic_has_text(turn["topic_en"]))
        if turn["lang"] == "id":
            out["id_lead"] = lead_id
        return out


_GENERIC = {"syndrome", "disease", "infection", "disorder"}


def _core(key: str) -> tuple[str, str]:
    """A name without "and" and its generic last word, and that word: "restless legs syndrome" and the page
    "Restless Legs", "pinworm infection" and "Pinworms", "hand, foot, and mouth disease" and
    "Hand-foot-mouth disease" are one name."""
    ws = [w for w in key.split() if w != "and"]
    if len(ws) > 1 and ws[-1] in _GENERIC:
        return " ".join(ws[:-1]), ws[-1]
    return " ".join(ws) or key, ""


def _same_core(a: str, b: str) -> bool:
    """Equal without the generic word, where one name has none or both have the same ("ear infection" is not
    "ear disorders", nor "breast infection" "breast diseases")."""
    (ca, ga), (cb, gb) = _core(a), _core(b)
    return ca == cb and (not ga or not gb or ga == gb)


def _contains(a: str, b: str) -> bool:
    """Every word of `b` is in `a` ("type 2 diabetes" contains "diabetes")."""
    return bool(b) and set(b.split()) <= set(a.split())


def load_conversations(folder: Path) -> list[dict[str, Any]]:
    convs = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                c = json.loads(line)
                c["writer"] = path.stem
                convs.append(c)
    return convs


def new_core(retriever: ConsumerRetriever) -> Core:
    settings = Settings.from_env({"MEDBOT_RATE_BURST": "10000", "MEDBOT_RATE_PER_MINUTE": "100000"})
    return Core(settings, worker=None, retriever=retriever)  # type: ignore[arg-type]


async def run_conversations(core: Core, judge: Judge, convs: list[dict[str, Any]]) -> dict[str, Any]:
    turns, per_conv, times = [], [], []
    for n, c in enumerate(convs):
        results = []
        for turn in c["turns"]:
            t0 = time.perf_counter()
            reply = await core.answer(f"eval{n}", turn["text"], chat=f"eval:{n}")
            times.append(time.perf_counter() - t0)
            results.append(judge.judge({**turn, "_kind": c["kind"]}, reply.text, reply.kind))
        turns += results
        per_conv.append({"kind": c["kind"], "right": all(r["right"] for r in results),
                         "right_or_overview": all(r["right"] or r.get("only_overview_exists") for r in results),
                         "right_or_ceiling": all(r["right"] or r.get("only_overview_exists")
                                                 or r.get("no_text_for_topic") for r in results),
                         "last_right": results[-1]["right"]})
    out: dict[str, Any] = {"conversations": len(per_conv), "right": sum(p["right"] for p in per_conv),
                           "right_or_only_overview": sum(p["right_or_overview"] for p in per_conv),
                           "messages": len(turns), "messages_right": sum(t["right"] for t in turns),
                           "link_only": sum(t["link_only"] for t in turns),
                           "topic_right": sum(t["topic"] for t in turns),
                           "text_on_aspect": sum(t.get("text_on_aspect", t["right"]) for t in turns),
                           "wrong_only_overview_exists": sum(t.get("only_overview_exists", False) for t in turns),
                           "wrong_no_text_for_topic": sum(t.get("no_text_for_topic", False) for t in turns),
                           "right_or_reference_ceiling": sum(p["right_or_ceiling"] for p in per_conv)}
    for kind in ("indonesian", "followup", "switch", "offtopic"):
        mine = [p for p in per_conv if p["kind"] == kind]
        out[kind] = f"{sum(p['right'] for p in mine)}/{len(mine)}"
    out["off_topic_replies"] = f"{sum(t.get('off_topic_reply', False) for t in turns)}/" \
                               f"{sum('off_topic_reply' in t for t in turns)}"
    ids = [t for t in turns if t["lang"] == "id" and "id_lead" in t]
    out["id_messages_right"] = f"{sum(t['right'] for t in ids)}/{len(ids)}"
    out["id_lead_in_indonesian"] = f"{sum(t['id_lead'] for t in ids if t['cites'])}/{sum(t['cites'] for t in ids)}"
    times.sort()
    out["p95_ms"] = round(1000 * times[int(0.95 * (len(times) - 1))], 1)
    return out


async def run_rqe(core: Core, judge: Judge, path: Path) -> dict[str, Any]:
    """rqe_test through the core: answered, link-only, and agreement with an FAQ labelled 1."""
    df = pd.read_csv(path)
    names = judge.ref.names
    n = answered = link_only = agrees = only_negative = 0
    for chq, g in df.groupby("chq", sort=False):
        n += 1
        reply = (await core.answer(f"rqe{n}", chq, chat=f"rqe:{n}")).text
        rows = judge.cited(reply)
        if not rows:
            continue
        answered += 1
        link_only += not any(judge.ref.rows[i].answer for i in rows) and "Source:" not in reply
        r = judge.ref.rows[rows[0]]
        mine = understand(r.focus, names, learned=False).foci or frozenset({name_key(r.focus)})
        labels = {y for faq, y in zip(g["faq"], g["label"], strict=True)
                  if (u := understand(faq, names, learned=False)).foci & mine and type_relation(u.qtype, r.qtype) == 1}
        agrees += 1 in labels
        only_negative += labels == {0}
    return {"messages": n, "answered": answered, "link_only": link_only, "agrees_with_a_good_faq": agrees,
            "agrees_with_a_bad_faq_only": only_negative}


async def main_async(a: argparse.Namespace) -> None:
    t0 = time.perf_counter()
    ref = Reference.load(a.shared / "medquad_hub.parquet", cache_dir=a.cache)
    retriever = ConsumerRetriever(ref, Reranker.load(a.reranker))
    core = new_core(retriever)
    judge = Judge(ref)
    print(f"reference: {len(ref.rows)} rows in {time.perf_counter() - t0:.1f} s")
    rows = []
    for role, folder in SETS.items():
        if role in a.sets:
            # a fresh core per set: chat ids repeat across sets, and one set's topics must not follow into another's
            row = {"set": f"conversations {role}",
                   **await run_conversations(new_core(retriever), judge, load_conversations(folder))}
            rows.append(row)
    print(table(rows, ["set", "conversations", "right", "right_or_only_overview", "indonesian", "followup", "switch",
                       "offtopic",
                       "right_or_reference_ceiling",
                       "messages", "messages_right", "topic_right", "text_on_aspect", "wrong_only_overview_exists",
                       "wrong_no_text_for_topic",
                       "link_only",
                       "id_messages_right", "id_lead_in_indonesian", "off_topic_replies",
                       "p95_ms"]))
    rqe = {"set": "rqe_test (held-out)", **await run_rqe(core, judge, a.shared / "consumer" / "rqe_test.csv")}
    print(table([rqe], ["set", "messages", "answered", "link_only", "agrees_with_a_good_faq",
                        "agrees_with_a_bad_faq_only"]))
    write_json(a.json, {"label": a.label, "conversations": rows, "rqe_test": rqe,
                        "roles": {"dev": "development: looked at while building",
                                  "held-out": "held out: run to report only", "rqe_test": "held out"}})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--reranker", type=Path, default=SHIPPED_RERANKER)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/medbot-bench-refcache"))
    ap.add_argument("--sets", nargs="+", default=["dev", "held-out"], choices=list(SETS))
    ap.add_argument("--label", default="")
    ap.add_argument("--json", default="bench/results/answers_cpu.json")
    asyncio.run(main_async(ap.parse_args()))


if __name__ == "__main__":
    main()
