"""A local Telegram Bot API server (the methods medbot calls), for end-to-end tests and bench/load.py.

Updates are queued with `push_*`; the bot long-polls them with getUpdates; everything it sends is
recorded in `sent` (sendMessage) and `actions` (sendChatAction)."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from typing import Any

from aiohttp import web

from tests.fakes import wait_for
from tests.fakes.proc import BotProcess

BOT_ID = 4242
WEBHOOK_SECRET = "medbot-webhook-secret-for-tests-0123456789"  # what the bot under test is given in webhook mode
BOT_USERNAME = "medbot_test_bot"


class FakeTelegram:
    def __init__(self, token: str = "123456:TEST-token"):
        self.token = token
        self.updates: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        self.actions: list[dict[str, Any]] = []
        self.commands: list[Any] = []
        self.pushed_at: dict[int, float] = {}
        self.calls: dict[str, int] = {}
        self.fail_next: dict[str, list[int]] = {}  # method -> HTTP statuses / retry-after markers
        # method -> faults AFTER the call took effect (the message is delivered, the response is lost):
        # 502 answers Bad Gateway, 0 drops the connection. The client cannot tell it was delivered.
        self.fail_after: dict[str, list[int]] = {}
        self.delivered: set[int] = set()  # message ids getUpdates has handed to the bot
        self.failed_after = 0
        self._update_id = itertools.count(1)
        self._message_id = itertools.count(1000)
        self._new = asyncio.Event()
        self.runner: web.AppRunner | None = None
        self.port = 0

    # ---- server
    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://127.0.0.1:{self.port}/bot"

    async def stop(self) -> None:
        if self.runner:
            await self.runner.cleanup()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            data = await request.json()
        else:
            data = dict(await request.post())
        out = {}
        for k, v in data.items():
            if isinstance(v, str) and v[:1] in "[{":
                try:
                    v = json.loads(v)
                except ValueError:
                    pass
            out[k] = v
        return out

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        self.calls[method] = self.calls.get(method, 0) + 1
        p = await self._params(request)
        fails = self.fail_next.get(method)
        if fails:
            code = fails.pop(0)
            if code == 429:
                return web.json_response({"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
                                          "parameters": {"retry_after": 1}}, status=429)
            return web.json_response({"ok": False, "error_code": code, "description": "Bad Gateway"}, status=code)
        handler = getattr(self, f"m_{method}", None)
        if handler is None:
            return web.json_response({"ok": True, "result": True})
        result = await handler(p)
        after = self.fail_after.get(method)
        if after:
            self.failed_after += 1
            if after.pop(0) == 0 and request.transport is not None:
                request.transport.close()  # the response never arrives
                return web.Response(status=500)
            return web.json_response({"ok": False, "error_code": 502, "description": "Bad Gateway"}, status=502)
        return web.json_response({"ok": True, "result": result})

    async def m_getMe(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "medbot", "username": BOT_USERNAME,
                "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}

    async def m_getUpdates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(p.get("offset") or 0)
        timeout = float(p.get("timeout") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates and timeout:
            self._new.clear()
            try:
                await asyncio.wait_for(self._new.wait(), min(timeout, 2.0))
            except TimeoutError:
                pass
        batch = self.updates[:100]
        self.delivered.update(u[k]["message_id"] for u in batch for k in ("message", "edited_message") if k in u)
        return batch

    async def m_sendMessage(self, p: dict[str, Any]) -> dict[str, Any]:
        msg = {"message_id": next(self._message_id), "date": int(time.time()),
               "chat": {"id": int(p["chat_id"]), "type": "private"}, "text": p.get("text", ""),
               "from": {"id": BOT_ID, "is_bot": True, "first_name": "medbot", "username": BOT_USERNAME}}
        self.sent.append({**p, "chat_id": int(p["chat_id"]), "t": time.monotonic(), "message_id": msg["message_id"]})
        return msg

    async def m_sendChatAction(self, p: dict[str, Any]) -> bool:
        self.actions.append({**p, "t": time.monotonic()})
        return True

    async def m_setMyCommands(self, p: dict[str, Any]) -> bool:
        self.commands = p.get("commands", [])
        return True

    async def m_deleteWebhook(self, p: dict[str, Any]) -> bool:
        return True

    # ---- scripting
    def push(self, message: dict[str, Any], kind: str = "message") -> int:
        uid = next(self._update_id)
        self.pushed_at[int(message["message_id"])] = time.monotonic()
        self.updates.append({"update_id": uid, kind: message})
        self._new.set()
        return int(message["message_id"])

    def push_text(self, text: str, user_id: int = 1, chat_id: int | None = None, chat_type: str = "private",
                  entities: list[dict[str, Any]] | None = None, reply_to: dict[str, Any] | None = None,
                  kind: str = "message", message_id: int | None = None, language_code: str | None = None) -> int:
        chat_id = chat_id if chat_id is not None else user_id
        msg: dict[str, Any] = {
            "message_id": message_id or next(self._message_id), "date": int(time.time()), "text": text,
            "chat": {"id": chat_id, "type": chat_type, **({"title": "group"} if chat_type != "private" else {})},
            "from": {"id": user_id, "is_bot": False, "first_name": f"user{user_id}",
                     **({"language_code": language_code} if language_code else {})},
        }
        cmd = re.match(r"/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?", text)
        if cmd:  # as Telegram marks it: the command's own characters, whatever follows ("/ask\n...")
            entities = (entities or []) + [{"type": "bot_command", "offset": 0, "length": cmd.end()}]
        if entities:
            msg["entities"] = entities
        if reply_to:
            msg["reply_to_message"] = reply_to
        if kind == "edited_message":
            msg["edit_date"] = int(time.time())
        return self.push(msg, kind)

    def push_mention(self, text: str, user_id: int, chat_id: int) -> int:
        mention = f"@{BOT_USERNAME}"
        full = f"{mention} {text}"
        return self.push_text(full, user_id, chat_id, "supergroup",
                              entities=[{"type": "mention", "offset": 0, "length": len(mention)}])

    def push_sticker(self, user_id: int = 1) -> int:
        return self.push({"message_id": next(self._message_id), "date": int(time.time()),
                          "chat": {"id": user_id, "type": "private"},
                          "from": {"id": user_id, "is_bot": False, "first_name": "u"},
                          "sticker": {"file_id": "s1", "file_unique_id": "s1", "width": 512, "height": 512,
                                      "is_animated": False, "is_video": False, "type": "regular"}})

    def push_photo(self, user_id: int = 1, caption: str | None = None) -> int:
        """A photo message, with `caption` as Telegram sends it when the user typed one."""
        return self.push({"message_id": next(self._message_id), "date": int(time.time()),
                          "chat": {"id": user_id, "type": "private"},
                          "from": {"id": user_id, "is_bot": False, "first_name": "u"},
                          "photo": [{"file_id": "p1", "file_unique_id": "p1", "width": 90, "height": 90}],
                          **({"caption": caption} if caption is not None else {})})

    def replies_to(self, message_id: int) -> list[dict[str, Any]]:
        out = []
        for s in self.sent:
            rp = s.get("reply_parameters") or {}
            if isinstance(rp, dict) and int(rp.get("message_id", -1)) == message_id:
                out.append(s)
        return out

    def latencies(self, message_ids: list[int]) -> list[float]:
        """Seconds from each question's arrival to its first reply."""
        return sorted(min(r["t"] for r in self.replies_to(m)) - self.pushed_at[m]
                      for m in message_ids if self.replies_to(m))

    async def wait_for(self, predicate: Any, timeout: float = 30.0) -> bool:
        return await wait_for(predicate, timeout)


def bot_env(base_url: str, token: str, model: str, **extra: str) -> dict[str, str]:
    """Settings of a `python -m bot` that talks to this fake at `base_url`, quickly and on the CPU."""
    return {"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_BASE_URL": base_url, "MEDBOT_MODEL_DIR": model,
            "MEDBOT_MAX_NEW_TOKENS": "16", "MEDBOT_DEVICE": "cpu", "MEDBOT_RATE_BURST": "10",
            "MEDBOT_RATE_PER_MINUTE": "600", "MEDBOT_BATCH_WAIT_MS": "20", "MEDBOT_LOG_LEVEL": "INFO", **extra}


async def started(fake: FakeTelegram, proc: BotProcess, timeout: float = 60) -> None:
    """Until the bot polls the fake for updates (it is serving), or fail with its log if it exited."""
    ok = await fake.wait_for(lambda: fake.calls.get("getUpdates", 0) > 0 or not proc.alive(), timeout)
    assert ok and proc.alive(), proc.log()[-3000:]
