"""Where drug labels come from: openFDA's bulk download (`drug-label-*.json` or `.json.zip` files, or a
folder of them) indexed once into SQLite, or openFDA's API with a week's SQLite cache.

Both give `await labels(name_key) -> list[Label] | None`: the labels whose generic, brand or substance
name is that drug, [] when there is none, None when the source cannot answer now (the API said 429 or
5xx, or did not answer in time): the caller then answers with the link only. Both files are SQLite
(data only), 0600 in a folder of the bot's user, opened only after the checks of bot/operations/safefile.py (no
symlink, this user's, nobody else may read or write). Only the drug name is sent to openFDA."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import logging
import os
import sqlite3
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from bot.answering.labels import KEPT, Label, name_keys, slim
from bot.operations.safefile import open_private, private_dir

log = logging.getLogger(__name__)

DEFAULT_OPENFDA_URL = "https://api.fda.gov/drug/label.json"
CACHE_TTL_S = 7 * 24 * 3600  # labels change rarely; a week keeps openFDA's per-key daily quota far away
API_LIMIT = 25  # labels asked per name, newest first: enough to hold the single-ingredient and the OTC ones
WARN_EVERY_S = 60.0
_CHUNK = 1 << 20
_STORE_VERSION = "1"


def bulk_files(spec: str | Path) -> list[Path]:
    """The label files a MEDBOT_DRUG_LABELS path names: itself, or the drug-label .json/.json.zip in a folder."""
    p = Path(spec).expanduser()
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.name.endswith((".json", ".json.zip")))
    elif p.is_file():
        files = [p]
    else:
        raise FileNotFoundError(f"{p} does not exist")
    if not files:
        raise ValueError(f"{p} holds no .json or .json.zip label files (openFDA's drug-label-*.json.zip)")
    return files


def read_bulk(path: Path) -> Iterator[dict[str, Any]]:
    """The label records of one bulk file in openFDA's layout {"meta": ..., "results": [label, ...]},
    one at a time: a part of the full download is hundreds of megabytes of JSON, which json.load would
    hold several times over in memory."""
    if path.name.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            for member in z.namelist():
                if member.endswith(".json"):
                    with z.open(member) as f:
                        yield from stream_results(io.TextIOWrapper(f, encoding="utf-8"), path.name)
    else:
        with path.open(encoding="utf-8") as f:
            yield from stream_results(f, path.name)


class _Reader:
    """A window over a text stream for JSONDecoder.raw_decode, refilled when a value runs past it."""

    def __init__(self, f: IO[str]):
        self.f, self.buf, self.pos = f, "", 0
        self.decoder = json.JSONDecoder()

    def skip(self, chars: str = " \t\r\n") -> str:
        """Skip `chars`; the next character ("" at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in chars:
                self.pos += 1
            if self.pos < len(self.buf) or not self._more():
                return self.buf[self.pos:self.pos + 1]

    def value(self) -> Any:
        while True:
            try:
                v, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError:
                if self._more():
                    continue
                raise
            if end == len(self.buf) and self._more():  # a number may go on in the next chunk
                continue
            self.pos = end
            return v

    def _more(self) -> bool:
        chunk = self.f.read(_CHUNK)
        if not chunk:
            return False
        self.buf, self.pos = self.buf[self.pos:] + chunk, 0
        return True


def stream_results(f: IO[str], name: str) -> Iterator[dict[str, Any]]:
    """The elements of the top-level `results` list of a JSON object, parsed one by one."""
    r = _Reader(f)
    bad = ValueError(f"{name}: not openFDA's layout (a JSON object with a `results` list)")
    if r.skip() != "{":
        raise bad
    r.pos += 1
    while r.skip(" \t\r\n,") not in ("}", ""):
        key = r.value()
        if r.skip() != ":":
            raise bad
        r.pos += 1
        if key != "results":
            r.skip()
            r.value()  # meta: small
            continue
        if r.skip() != "[":
            raise bad
        r.pos += 1
        while r.skip(" \t\r\n,") not in ("]", ""):
            item = r.value()
            if isinstance(item, dict):
                yield item
        r.pos += 1
        return
    raise bad


def _private_db(path: Path) -> sqlite3.Connection:
    private_dir(path.parent)
    os.close(open_private(path, os.O_RDWR | os.O_CREAT, fix_mode=True))  # checked before SQLite opens it
    return sqlite3.connect(path, check_same_thread=False, timeout=5)


def _trusted(path: Path) -> bool:
    """An index file this user wrote and nobody else could have (a symlink or a foreign file is rebuilt)."""
    try:
        private_dir(path.parent, create=False)
        os.close(open_private(path))
        return True
    except OSError:
        return False


class LabelFile:
    """Labels from bulk files, in SQLite (labels as JSON, one row per name key), with the name keys in
    memory. Built once per set of files (their names, sizes and times) in `cache_dir`; without one
    (--check) in memory."""

    def __init__(self, db: sqlite3.Connection, source: str):
        self.db, self.source = db, source
        self.keys: dict[str, list[int]] = {}
        self.kinds: dict[str, set[str]] = {}  # key -> "generic", "brand", "substance"
        for key, lid, kind in db.execute("SELECT key, id, kind FROM names"):
            self.keys.setdefault(key, []).append(lid)
            self.kinds.setdefault(key, set()).add(kind)
        self.count = db.execute("SELECT COUNT(*) FROM labels").fetchone()[0]

    @classmethod
    def open(cls, spec: str | Path, cache_dir: Path | None = None) -> LabelFile:
        files = bulk_files(spec)
        if cache_dir is None:
            db = sqlite3.connect(":memory:", check_same_thread=False)
            _build(db, files)
            return cls(db, str(spec))
        path = cache_dir / f"labels-{_fingerprint(files)}.sqlite3"
        if not _trusted(path):
            t0 = time.perf_counter()
            tmp = path.with_suffix(".tmp")
            tmp.unlink(missing_ok=True)
            with _private_db(tmp) as db:
                _build(db, files)
            db.close()
            tmp.replace(path)
            for old in cache_dir.glob("labels-*.sqlite3"):
                if old != path:
                    old.unlink(missing_ok=True)
            log.info("drug labels: %s indexed into %s in %.1fs", spec, path.name, time.perf_counter() - t0)
        return cls(sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False), str(spec))

    async def labels(self, key: str) -> list[Label]:
        return self.get(key)

    def get(self, key: str) -> list[Label]:
        ids = self.keys.get(key, [])
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT body FROM labels WHERE id IN ({marks})", ids).fetchall()  # noqa: S608
        return [Label.from_json(json.loads(b)) for (b,) in rows]

    def describe(self) -> str:
        return f"{self.source}: {self.count:,} labels, {len(self.keys):,} names"


def _fingerprint(files: list[Path]) -> str:
    h = hashlib.sha256(f"{_STORE_VERSION}:{sorted(KEPT)}".encode())
    h.update(Path(__file__).read_bytes())
    for f in files:
        st = f.stat()
        h.update(f"{f.resolve()}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:20]


def _build(db: sqlite3.Connection, files: list[Path]) -> None:
    db.execute("CREATE TABLE labels (id INTEGER PRIMARY KEY, set_id TEXT UNIQUE, body TEXT)")
    db.execute("CREATE TABLE names (key TEXT, id INTEGER, kind TEXT)")
    for f in files:
        for raw in read_bulk(f):
            lab = slim(raw)
            if lab is None:
                continue
            cur = db.execute("INSERT OR REPLACE INTO labels (set_id, body) VALUES (?, ?)",
                             (lab.set_id, json.dumps(lab.to_json())))
            for kind, names in (("generic", lab.generic), ("brand", lab.brands), ("substance", lab.substances)):
                for key in {k for n in names for k in name_keys(n)}:
                    db.execute("INSERT INTO names VALUES (?, ?, ?)", (key, cur.lastrowid, kind))
    db.execute("CREATE INDEX names_key ON names (key)")
    db.commit()


class OpenFDA:
    """openFDA's drug label API: one request per drug name (concurrent askers of the same name wait for
    the one request), the answer kept for a week in `cache_path` (SQLite, 0600). Requests carry the drug
    name and nothing of the message. 404 is "no label"; 429, 5xx and timeouts give None (the caller
    answers with the link) and one warning a minute."""

    def __init__(self, url: str, api_key: str = "", timeout_s: float = 5.0, cache_path: Path | None = None,
                 clock: Any = time.time):
        self.url, self.api_key, self.timeout_s, self.clock = url, api_key, timeout_s, clock
        self.db = self._open_cache(cache_path)
        self._inflight: dict[str, asyncio.Future[list[Label] | None]] = {}
        self._client: Any = None
        self._warned_at = -WARN_EVERY_S
        self._unwarned = 0
        self.hits = self.requests = self.failures = 0

    def _open_cache(self, path: Path | None) -> sqlite3.Connection:
        try:
            db = _private_db(path) if path is not None else sqlite3.connect(":memory:", check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            log.warning("drug labels: cannot keep the openFDA cache in %s (%s): caching in memory", path, exc)
            db = sqlite3.connect(":memory:", check_same_thread=False)
        db.execute("CREATE TABLE IF NOT EXISTS cache (name TEXT PRIMARY KEY, fetched REAL, body TEXT)")
        db.commit()
        return db

    def describe(self) -> str:
        return f"openFDA API at {self.url}"

    async def labels(self, key: str) -> list[Label] | None:
        row = self.db.execute("SELECT fetched, body FROM cache WHERE name = ?", (key,)).fetchone()
        if row is not None and self.clock() - row[0] < CACHE_TTL_S:
            self.hits += 1
            return [Label.from_json(d) for d in json.loads(row[1])]
        pending = self._inflight.get(key)
        if pending is not None:
            self.hits += 1
            return await asyncio.shield(pending)
        fut: asyncio.Future[list[Label] | None] = asyncio.get_running_loop().create_future()
        self._inflight[key] = fut
        try:
            result = await self._fetch(key)
            fut.set_result(result)
            return result
        except BaseException as exc:
            fut.set_exception(exc)
            fut.exception()  # retrieved: nobody else may be waiting
            raise
        finally:
            del self._inflight[key]

    async def _fetch(self, key: str) -> list[Label] | None:
        import httpx

        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout_s, headers={"Accept": "application/json"})
        self.requests += 1
        try:
            r = await self._client.get(self.url, params=self._params(key))
        except httpx.HTTPError as exc:
            self._failed(type(exc).__name__)
            return None
        if r.status_code == 404:
            found: list[Label] = []
        elif r.status_code == 200:
            found = await asyncio.to_thread(_parse, r.content)  # a page of labels is megabytes of JSON
        else:
            self._failed(f"HTTP {r.status_code}")
            return None
        body = json.dumps([lab.to_json() for lab in found])
        self.db.execute("INSERT OR REPLACE INTO cache VALUES (?, ?, ?)", (key, self.clock(), body))
        self.db.commit()
        return found

    def _params(self, key: str) -> dict[str, str]:
        fields = ("openfda.generic_name", "openfda.brand_name", "openfda.substance_name")
        params = {"search": " ".join(f'{f}:"{key}"' for f in fields), "sort": "effective_time:desc",
                  "limit": str(API_LIMIT)}
        if self.api_key:
            params["api_key"] = self.api_key
        return params

    def _failed(self, why: str) -> None:
        self.failures += 1
        now = time.monotonic()
        if now - self._warned_at >= WARN_EVERY_S:
            more = f" ({self._unwarned} more since the last warning)" if self._unwarned else ""
            log.warning("drug labels: openFDA did not answer (%s)%s: replying with links only", why, more)
            self._warned_at, self._unwarned = now, 0
        else:
            self._unwarned += 1

    async def probe(self) -> tuple[bool, str]:
        """--check: whether the API answers a fixed, message-free query (metformin)."""
        import httpx

        try:
            async with httpx.AsyncClient(timeout=self.timeout_s) as client:
                r = await client.get(self.url, params={**self._params("metformin"), "limit": "1"})
        except httpx.HTTPError as exc:
            return False, f"unreachable ({type(exc).__name__})"
        if r.status_code in (200, 404):
            return True, "reachable"
        return False, f"answered HTTP {r.status_code}"

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def _parse(content: bytes) -> list[Label]:
    data = json.loads(content)
    out = [slim(r) for r in data.get("results", [])] if isinstance(data, dict) else []
    return [lab for lab in out if lab is not None]
