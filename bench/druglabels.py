"""Drug questions answered from FDA labels (MEDBOT_DRUG_LABELS) on the shared consumer sets, and the
openFDA client's cache hit rate and latency against the fake openFDA server (tests/fakes/openfda.py).

Real labels cannot be downloaded here, so two label sources stand in for them (no third-party text):
- `every drug`: one invented label with every section for every drug name the bot recognises (MedQuAD's
  MedlinePlus drug and herb pages): how many questions WOULD get label text with a full bulk file;
- `invented file`: the bulk file the tests use (an invented drug, Zorvexa, and a metformin label).
A question's reply changes only when the label answers it, so "changed" lists every changed reply.

python bench/druglabels.py --shared ../shared/data [--show] [--json bench/results/druglabels_cpu.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd
from common import ROOT, table, write_json

from bot.answering.drugs import DrugLabels, build_names, drug_pages, ordinary_words
from bot.answering.labels import KEPT, Label
from bot.answering.labelsource import LabelFile, OpenFDA
from bot.answering.reference import Reference
from bot.answering.rerank import ConsumerRetriever, Reranker
from bot.app import SHIPPED_RERANKER
from tests.fakes.openfda import FakeOpenFDA, invented_labels, label, write_bulk


class EveryDrug:
    """A label with every section for any name asked: the best a complete bulk file could do."""

    async def labels(self, key: str) -> list[Label]:
        return [Label(f"set-{key}", "20250101", "HUMAN PRESCRIPTION DRUG", (key,), (), (),
                      {s: f"{s} of {key}." for s in KEPT})]

    def describe(self) -> str:
        return "every drug"


def questions(shared: Path) -> dict[str, list[str]]:
    rqe = pd.read_csv(shared / "consumer" / "rqe_test.csv")
    with (shared / "consumer" / "mediqa_qa_dev.jsonl").open() as f:
        mediqa = [json.loads(line)["question"] for line in f if line.strip()]
    out = {"rqe_test chq": list(dict.fromkeys(rqe["chq"].astype(str))), "mediqa_qa_dev": mediqa}
    for extra in ("rqe_valid", "rqe_train"):  # more messages, for how often a drug is taken wrongly
        out[f"{extra} chq"] = list(dict.fromkeys(pd.read_csv(shared / "consumer" / f"{extra}.csv")["chq"].astype(str)))
    return out


def pct(xs: list[float], q: float) -> float:
    return sorted(xs)[min(len(xs) - 1, int(q * len(xs)))] if xs else 0.0


async def coverage(name: str, drugs: DrugLabels, retriever: ConsumerRetriever, qs: list[str],
                   show: bool) -> dict[str, Any]:
    named = answered = 0
    find_ms: list[float] = []
    for q in qs:
        t0 = time.perf_counter()
        found = drugs.find(q)
        find_ms.append((time.perf_counter() - t0) * 1000)
        named += found is not None
        reply = await drugs.answer(q, retriever.choose(q))
        if reply is not None and "From the FDA label" in reply:
            answered += 1
            if show:
                print(f"  [{name}] {found[1] if found else '?'}: {q[:110]!r}")
    return {"questions": len(qs), "drug named": named, "label text": answered,
            "find p50 ms": statistics.median(find_ms), "find p95 ms": pct(find_ms, 0.95)}


async def api_bench(drugs_names: Any, pages: dict[str, str], retriever: ConsumerRetriever, qs: list[str],
                    delay_s: float) -> list[dict[str, Any]]:
    """The drug questions through the openFDA client: cold cache, warm, after a restart (same file),
    and all at once on a cold cache (one request per name)."""
    keys = sorted(drugs_names.focus_keys)
    fake = FakeOpenFDA([label(f"set-{k}", k, adverse_reactions=f"Adverse reactions of {k}.") for k in keys]
                       + invented_labels(), delay_s=delay_s)
    url = await fake.start()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "openfda.sqlite3"
        chosen = [(q, retriever.choose(q)) for q in qs]
        first = OpenFDA(url, cache_path=cache)
        for run, client in (("cold", first), ("warm", first), ("restart", OpenFDA(url, cache_path=cache))):
            drugs = DrugLabels(client, drugs_names, pages, retriever.ref.names)
            hits0, req0 = client.hits, client.requests
            ms = []
            for q, c in chosen:
                t0 = time.perf_counter()
                await drugs.answer(q, c)
                ms.append((time.perf_counter() - t0) * 1000)
            hits, req = client.hits - hits0, client.requests - req0
            rows.append({"run": run, "lookups": hits + req, "requests": req, "hit rate": hits / max(1, hits + req),
                         "p50 ms": statistics.median(ms), "p95 ms": pct(ms, 0.95), "max ms": max(ms)})
            await client.aclose()
        client = OpenFDA(url, cache_path=Path(tmp) / "burst.sqlite3")
        drugs = DrugLabels(client, drugs_names, pages, retriever.ref.names)
        t0 = time.perf_counter()
        await asyncio.gather(*(drugs.answer(q, c) for q, c in chosen))
        names = {f[0] for q, _ in chosen if (f := drugs.find(q))}
        rows.append({"run": f"all at once ({len(names)} names)", "lookups": client.hits + client.requests,
                     "requests": client.requests, "hit rate": client.hits / max(1, client.hits + client.requests),
                     "total ms": (time.perf_counter() - t0) * 1000})
        await client.aclose()
    await fake.stop()
    return rows


def index_speed(n: int) -> dict[str, Any]:
    """Indexing a bulk file of `n` invented labels about the size of real ones (~40 KB of JSON each, most
    of it sections the bot drops), into the SQLite store as the first start does."""
    para = "Invented label text for indexing speed, about the length of a real paragraph. " * 20
    recs = [label(f"set-{i}", f"inventamine{i} hydrochloride", f"Brand{i}", adverse_reactions=para * 6,
                  warnings_and_cautions=para * 4, clinical_studies=para * 10, clinical_pharmacology=para * 6,
                  dosage_and_administration=para * 2) for i in range(n)]
    with tempfile.TemporaryDirectory() as tmp:
        bulk = write_bulk(Path(tmp) / "drug-label-0001-of-0001.json.zip", recs, zipped=True)
        size = bulk.stat().st_size
        del recs
        t0 = time.perf_counter()
        lf = LabelFile.open(bulk, Path(tmp) / "cache")
        seconds = time.perf_counter() - t0
    return {"labels": lf.count, "zip MB": size / 1e6, "index s": seconds, "labels/s": lf.count / seconds}


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    shared = Path(args.shared)
    t0 = time.perf_counter()
    ref = Reference.load(shared / "medquad_hub.parquet")
    retriever = ConsumerRetriever(ref, Reranker.load(SHIPPED_RERANKER))
    pages = drug_pages(ref)
    ordinary = ordinary_words(ref)
    print(f"reference loaded in {time.perf_counter() - t0:.1f}s; {len(pages)} MedQuAD drug page names")
    sets = questions(shared)
    with tempfile.TemporaryDirectory() as tmp:
        bulk = write_bulk(Path(tmp) / "drug-label-0001-of-0001.json", invented_labels())
        lf = LabelFile.open(bulk)
    keys_api = {k: {"generic"} for k in pages}
    keys_file = {**keys_api, **lf.kinds}
    sources = {"every drug": DrugLabels(EveryDrug(), build_names(keys_api, pages, ordinary), pages, ref.names),
               "invented file": DrugLabels(lf, build_names(keys_file, pages, ordinary), pages, ref.names)}
    cov = []
    for sname, drugs in sources.items():
        for qname, qs in sets.items():
            cov.append({"labels": sname, "set": qname, **await coverage(sname, drugs, retriever, qs, args.show)})
    print(table(cov, ["labels", "set", "questions", "drug named", "label text", "find p50 ms", "find p95 ms"]))
    drug_qs = [q for qs in sets.values() for q in qs if sources["every drug"].find(q) is not None]
    api = await api_bench(sources["every drug"].names, pages, retriever, drug_qs, args.delay_ms / 1000)
    print(f"\nopenFDA client against the fake server ({args.delay_ms:g} ms added per request), "
          f"{len(drug_qs)} questions naming a drug:")
    print(table(api, ["run", "lookups", "requests", "hit rate", "p50 ms", "p95 ms", "max ms", "total ms"]))
    speed = index_speed(args.index_labels) if args.index_labels else None
    if speed:
        print("\nbulk file indexing (first start):")
        print(table([speed], list(speed)))
    return {"machine": "shared 2-core CPU", "coverage": cov, "api": api, "fake_delay_ms": args.delay_ms,
            "index": speed,
            "note": "labels are invented: 'every drug' gives every recognised drug a label with every section"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--delay_ms", type=float, default=0.0, help="added to each fake openFDA response")
    ap.add_argument("--index_labels", type=int, default=2000, help="invented labels for the indexing speed; 0: skip")
    ap.add_argument("--show", action="store_true", help="print the questions answered from a label (dev data)")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    write_json(args.json, asyncio.run(main_async(args)))


if __name__ == "__main__":
    main()
