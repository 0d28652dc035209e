"""A local openFDA drug label API (`GET /drug/label.json`), written from the API's documented behaviour
(open.fda.gov/apis/query-syntax, query-parameters): `search=field:term` or `field:"a phrase"`, terms
joined by a space (OR) or `AND`, a `.exact` field suffix for the whole value; `limit` (at most 1000),
`skip`, `sort=field:asc|desc`; a body of {"meta": {..., "results": {skip, limit, total}}, "results": [...]};
404 {"error": {"code": "NOT_FOUND", "message": "No matches found!"}} when nothing matches; 429
OVER_RATE_LIMIT. Plus the invented labels tests and benchmarks use (no third-party data)."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aiohttp import web

_CLAUSE = re.compile(r'([\w.]+):(?:"([^"]*)"|(\S+))')
_TOKEN = re.compile(r"[a-z0-9]+")


def _values(record: dict[str, Any], path: str) -> list[str]:
    node: Any = record
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    if node is None:
        return []
    return [str(v) for v in (node if isinstance(node, list) else [node])]


def _matches(record: dict[str, Any], field: str, term: str) -> bool:
    if field.endswith(".exact"):
        return term in _values(record, field.removesuffix(".exact"))
    want = _TOKEN.findall(term.lower())
    for value in _values(record, field):
        toks = _TOKEN.findall(value.lower())
        if want and any(toks[i:i + len(want)] == want for i in range(len(toks) - len(want) + 1)):
            return True
    return False


def search(records: list[dict[str, Any]], query: str) -> list[dict[str, Any]]:
    """Terms joined by a space match either (OR); joined by AND (the API's `+AND+`, decoded) all."""
    clauses = [(m.group(1), m.group(2) if m.group(2) is not None else m.group(3)) for m in _CLAUSE.finditer(query)]
    need = all if re.search(r"\sAND\s", query) else any
    return [r for r in records if clauses and need(_matches(r, f, t) for f, t in clauses)]


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status)


class FakeOpenFDA:
    def __init__(self, records: list[dict[str, Any]], delay_s: float = 0.0):
        self.records = records
        self.delay_s = delay_s
        self.requests: list[dict[str, str]] = []  # the query of every request, as received
        self.fail_next: list[int] = []  # statuses to answer before serving again (429, 500, 503)
        self.runner: web.AppRunner | None = None

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/drug/label.json", self._label)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://127.0.0.1:{port}/drug/label.json"

    async def stop(self) -> None:
        if self.runner:
            await self.runner.cleanup()

    async def _label(self, request: web.Request) -> web.Response:
        q = dict(request.query)
        self.requests.append(q)
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self.fail_next:
            status = self.fail_next.pop(0)
            if status == 429:
                return _error(429, "OVER_RATE_LIMIT", "You have exceeded your rate limit. Try again later.")
            return _error(status, "SERVER_ERROR", "Check your request and try again")
        try:
            limit, skip = int(q.get("limit", "1")), int(q.get("skip", "0"))
        except ValueError:
            return _error(400, "BAD_REQUEST", "Invalid limit or skip")
        if limit > 1000 or skip > 25000:
            return _error(400, "BAD_REQUEST", "Limit cannot exceed 1000 results for search requests.")
        found = search(self.records, q["search"]) if q.get("search") else list(self.records)
        if "sort" in q:
            field, _, order = q["sort"].partition(":")
            found.sort(key=lambda r: (_values(r, field) or [""])[0], reverse=order == "desc")
        if not found:
            return _error(404, "NOT_FOUND", "No matches found!")
        meta = {"disclaimer": "Do not rely on openFDA to make decisions regarding medical care.",
                "terms": "https://open.fda.gov/terms/", "license": "https://open.fda.gov/license/",
                "last_updated": "2026-11-30", "results": {"skip": skip, "limit": limit, "total": len(found)}}
        return web.json_response({"meta": meta, "results": found[skip:skip + limit]})


@contextmanager
def running(fake: FakeOpenFDA) -> Iterator[str]:
    """The fake served from a thread of its own, for tests that wait on a process (`python -m bot`)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    url = asyncio.run_coroutine_threadsafe(fake.start(), loop).result(10)
    try:
        yield url
    finally:
        asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def label(set_id: str, generic: str, brand: str = "", product_type: str = "HUMAN PRESCRIPTION DRUG",
          effective_time: str = "20240101", **sections: str) -> dict[str, Any]:
    """One label record in openFDA's layout (each section a list of paragraphs)."""
    of: dict[str, Any] = {"generic_name": [generic.upper()], "substance_name": [generic.upper().split(" AND ")[0]],
                          "product_type": [product_type], "route": ["ORAL"], "spl_set_id": [set_id]}
    if brand:
        of["brand_name"] = [brand]
    rec: dict[str, Any] = {"set_id": set_id, "id": f"id-{set_id}", "version": "3", "effective_time": effective_time,
                           "openfda": of}
    rec.update({k: [v] for k, v in sections.items()})
    return rec


ZORVEXA_SET_ID = "0f1e2d3c-aaaa-4bbb-8ccc-000000000001"
METFORMIN_SET_ID = "0f1e2d3c-aaaa-4bbb-8ccc-000000000002"


def invented_labels() -> list[dict[str, Any]]:
    """Labels written for these tests: an invented drug with a brand name (Zorvexa), a metformin label
    in our own words, and the labels a choice has to skip (older, a combination, OTC)."""
    return [
        label(ZORVEXA_SET_ID, "veltoramine hydrochloride", "Zorvexa", effective_time="20250301",
              adverse_reactions="6 ADVERSE REACTIONS The most common adverse reactions to Zorvexa were dry mouth, "
                                "mild dizziness and blue-tinted vision (ZVX-ADVERSE).",
              drug_interactions="7 DRUG INTERACTIONS Alcohol: drinking alcohol while taking Zorvexa increases "
                                "drowsiness; avoid alcohol during treatment (ZVX-ALCOHOL).",
              warnings_and_cautions="5 WARNINGS AND PRECAUTIONS Zorvexa may cause drowsiness (ZVX-WARN).",
              pregnancy="8.1 Pregnancy Zorvexa has not been studied in pregnant women (ZVX-PREG).",
              storage_and_handling="16.2 Storage Keep Zorvexa below 25 C in its blister (ZVX-STORE).",
              indications_and_usage="1 INDICATIONS Zorvexa treats invented itch (ZVX-USE)."),
        label(METFORMIN_SET_ID, "metformin hydrochloride", "Metforal", effective_time="20240615",
              adverse_reactions="6 ADVERSE REACTIONS The most common adverse reactions to metformin are diarrhea, "
                                "nausea and an upset stomach (MET-ADVERSE). A metallic taste can also occur.",
              contraindications="4 CONTRAINDICATIONS Do not use metformin with severe kidney disease, an eGFR "
                                "below 30 (MET-CONTRA).",
              warnings_and_cautions="5 WARNINGS AND PRECAUTIONS Lactic acidosis is rare but serious. Check renal "
                                    "function before starting metformin and at least once a year; stop metformin "
                                    "when renal function falls below the limits above (MET-RENAL). Avoid drinking "
                                    "a lot of alcohol, which raises the risk of lactic acidosis (MET-ALCOHOL).",
              use_in_specific_populations="8.6 Renal Impairment Metformin is cleared by the kidneys; do not start "
                                          "it with an eGFR between 30 and 45 (MET-RENAL-POP).",
              pregnancy="8.1 Pregnancy Limited data with metformin in pregnant women have not shown a clear risk "
                        "of birth defects (MET-PREG).",
              lactation="8.2 Lactation Metformin is present in human milk in small amounts (MET-LACT).",
              storage_and_handling="16.2 Storage Store metformin tablets at room temperature, 20 to 25 C, in a "
                                   "tight container (MET-STORE).",
              drug_interactions="7 DRUG INTERACTIONS Carbonic anhydrase inhibitors may raise the risk of lactic "
                                "acidosis with metformin (MET-INTERACT).",
              dosage_and_administration="2 DOSAGE Start with 500 mg twice a day with meals (MET-DOSE).",
              overdosage="10 OVERDOSAGE Overdose of metformin has caused lactic acidosis (MET-OVERDOSE).",
              indications_and_usage="1 INDICATIONS Metformin lowers blood sugar in type 2 diabetes (MET-USE)."),
        label("0f1e2d3c-aaaa-4bbb-8ccc-000000000003", "metformin hydrochloride", "Oldform", effective_time="20190101",
              adverse_reactions="An older metformin label (MET-OLD)."),
        label("0f1e2d3c-aaaa-4bbb-8ccc-000000000004", "sitagliptin and metformin hydrochloride", "Combiform",
              effective_time="20260101", adverse_reactions="A combination label (MET-COMBO)."),
        label("0f1e2d3c-aaaa-4bbb-8ccc-000000000005", "painazol", "Painazol Rx", effective_time="20240101",
              indications_and_usage="Prescription painazol treats severe pain (PZ-RX)."),
        label("0f1e2d3c-aaaa-4bbb-8ccc-000000000006", "painazol", "Painazol Easy", product_type="HUMAN OTC DRUG",
              effective_time="20230101", purpose="Pain reliever (PZ-OTC)",
              indications_and_usage="Uses temporarily relieves minor aches and pains (PZ-OTC-USES)."),
    ]


def write_bulk(path: Path, records: list[dict[str, Any]], zipped: bool = False) -> Path:
    """A bulk download file in openFDA's layout (drug-label-0001-of-0001.json, or .json.zip)."""
    data = {"meta": {"last_updated": "2026-11-30", "results": {"skip": 0, "limit": len(records),
                                                               "total": len(records)}}, "results": records}
    if zipped:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(path.name.removesuffix(".zip"), json.dumps(data))
    else:
        path.write_text(json.dumps(data))
    return path
