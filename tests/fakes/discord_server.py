"""A local fake Discord: a websocket gateway (HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeat ACK,
MESSAGE_CREATE and INTERACTION_CREATE dispatch) and the REST routes medbot calls."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes import wait_for

BOT_ID = 900000000000000001
APP_ID = 900000000000000002
GUILD_ID = 900000000000000010
CHANNEL_ID = 900000000000000011
OTHER_CHANNEL_ID = 900000000000000012
DM_CHANNEL_BASE = 910000000000000000


def _json_response(data: Any, status: int = 200) -> web.Response:
    """discord.py parses JSON only when Content-Type is exactly application/json (no charset)."""
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})


def _user(uid: int, name: str, bot: bool = False) -> dict[str, Any]:
    return {"id": str(uid), "username": name, "discriminator": "0", "global_name": name, "avatar": None, "bot": bot}


BOT_USER = _user(BOT_ID, "medbot", bot=True)


class FakeDiscord:
    def __init__(self, token: str = "discord-test-token-abcdef", shards: int = 1):
        self.token = token
        self.shards = shards  # what GET /gateway/bot recommends
        self.shard_sockets: dict[int, web.WebSocketResponse] = {}  # shard id -> its gateway connection
        self.sent: list[dict[str, Any]] = []  # channel messages and follow-ups
        self.typing: list[int] = []
        self.callbacks: list[dict[str, Any]] = []
        self.commands: list[dict[str, Any]] = []
        self.identified = asyncio.Event()
        self.fail_next: list[int] = []  # HTTP statuses returned to the next create-message calls
        self.failed: list[int] = []  # the statuses it did return
        # statuses returned AFTER the message was created (delivered, response lost; 0: the connection
        # drops): the client cannot tell
        self.fail_after: list[int] = []
        self.typing_status = 204  # e.g. 500: "typing" fails
        self.followup_fail: list[int] = []  # statuses returned to the next follow-ups (404: the interaction is gone)
        self.sockets: list[web.WebSocketResponse] = []
        self._ids = itertools.count(920000000000000000)
        self._seq = itertools.count(1)
        self.runner: web.AppRunner | None = None
        self.port = 0

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> None:
        app = web.Application()
        r = app.router
        r.add_get("/gateway", self._ws)
        r.add_get("/api/v10/users/@me", self._me)
        r.add_get("/api/v10/gateway/bot", self._gateway_bot)
        r.add_get("/api/v10/oauth2/applications/@me", self._app_info)
        r.add_get("/api/v10/applications/{app}/commands", lambda req: self._json(req, self.commands))
        r.add_put("/api/v10/applications/{app}/commands", self._put_commands)
        r.add_post("/api/v10/channels/{cid}/messages", self._create_message)
        r.add_post("/api/v10/channels/{cid}/typing", self._typing)
        r.add_post("/api/v10/interactions/{iid}/{tok}/callback", self._callback)
        r.add_post("/api/v10/webhooks/{app}/{tok}", self._followup)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for ws in self.sockets:
            await ws.close()
        if self.runner:
            await self.runner.cleanup()

    # ---- REST
    def _authorized(self, req: web.Request) -> bool:
        return req.headers.get("Authorization") == f"Bot {self.token}" or "/webhooks/" in req.path \
            or "/interactions/" in req.path

    async def _json(self, req: web.Request, data: Any) -> web.Response:
        if not self._authorized(req):
            return _json_response({"message": "401: Unauthorized", "code": 0}, status=401)
        return _json_response(data)

    async def _app_info(self, req: web.Request) -> web.Response:
        return await self._json(req, {"id": str(APP_ID), "name": "medbot", "description": "", "icon": None,
                                      "bot_public": True, "bot_require_code_grant": False, "verify_key": "00",
                                      "owner": _user(1, "owner"), "flags": 0, "team": None})

    async def _put_commands(self, req: web.Request) -> web.Response:
        body = await req.json()
        self.commands = [{**c, "id": str(next(self._ids)), "application_id": str(APP_ID), "version": "1",
                          "default_member_permissions": None, "type": c.get("type", 1)} for c in body]
        return await self._json(req, self.commands)

    async def _body(self, req: web.Request) -> dict[str, Any]:
        if req.content_type == "application/json":
            return await req.json()
        form = await req.post()
        return json.loads(str(form.get("payload_json", "{}")))

    def _message(self, channel_id: int, content: str, author: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {"id": str(next(self._ids)), "channel_id": str(channel_id), "type": 0, "content": content,
                "author": author, "timestamp": datetime.now(UTC).isoformat(), "edited_timestamp": None,
                "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [],
                "embeds": [], "pinned": False, **extra}

    async def _gateway_bot(self, req: web.Request) -> web.Response:
        return await self._json(req, {"url": self.gateway, "shards": self.shards, "session_start_limit": {
            "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}})

    async def _me(self, req: web.Request) -> web.Response:
        if req.headers.get("Authorization") != f"Bot {self.token}":
            return _json_response({"message": "401: Unauthorized", "code": 0}, status=401)
        return await self._json(req, BOT_USER)

    async def _create_message(self, req: web.Request) -> web.Response:
        if self.fail_next:
            code = self.fail_next.pop(0)
            self.failed.append(code)
            if code == 429:
                r = _json_response({"message": "You are being rate limited.", "retry_after": 0.5,
                                    "global": False}, status=429)
                r.headers["Via"] = "1.1 google"  # discord.py treats a 429 without it as a Cloudflare ban
                return r
            return web.Response(status=code, text="Bad Gateway")
        body = await self._body(req)
        cid = int(req.match_info["cid"])
        self.sent.append({**body, "channel_id": cid, "t": time.monotonic(), "kind": "message"})
        if self.fail_after:
            code = self.fail_after.pop(0)
            self.failed.append(code)
            if code == 0 and req.transport is not None:  # the connection drops: the response never arrives
                req.transport.close()
                return web.Response(status=500)
            return web.Response(status=code, text="Bad Gateway")
        return await self._json(req, self._message(cid, body.get("content", ""), BOT_USER))

    async def _typing(self, req: web.Request) -> web.Response:
        self.typing.append(int(req.match_info["cid"]))
        return web.Response(status=self.typing_status)

    async def _callback(self, req: web.Request) -> web.Response:
        body = await self._body(req)
        iid = req.match_info["iid"]
        self.callbacks.append({**body, "interaction_id": iid, "t": time.monotonic()})
        kind = body.get("type", 4)
        resource: dict[str, Any] = {"type": kind}
        if kind == 4:
            resource["message"] = self._message(CHANNEL_ID, (body.get("data") or {}).get("content", ""), BOT_USER)
        return _json_response({"interaction": {"id": iid, "type": 2, "response_message_loading": kind == 5,
                                               "response_message_ephemeral": False}, "resource": resource})

    async def _followup(self, req: web.Request) -> web.Response:
        if self.followup_fail:
            code = self.followup_fail.pop(0)
            self.failed.append(code)
            return _json_response({"message": "Unknown Webhook", "code": 10015}, status=code)
        body = await self._body(req)
        self.sent.append({**body, "token": req.match_info["tok"], "t": time.monotonic(), "kind": "followup"})
        return _json_response(self._message(CHANNEL_ID, body.get("content", ""), BOT_USER))

    # ---- gateway
    async def _ws(self, req: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(req)
        self.sockets.append(ws)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            data = json.loads(msg.data)
            if data["op"] == 1:
                await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
            elif data["op"] == 2:
                if data["d"]["token"] != self.token:
                    await ws.close(code=4004)
                    break
                shard, count = data["d"].get("shard") or [0, 1]
                self.shard_sockets[shard] = ws
                owns_guild = shard == self.shard_of(GUILD_ID, count)
                await self._dispatch(ws, "READY", {
                    "v": 10, "user": BOT_USER, "shard": [shard, count],
                    "guilds": [{"id": str(GUILD_ID), "unavailable": True}] if owns_guild else [],
                    "session_id": f"s{shard}", "resume_gateway_url": self.gateway,
                    "application": {"id": str(APP_ID), "flags": 0}})
                if owns_guild:
                    await self._dispatch(ws, "GUILD_CREATE", self._guild())
                if len(self.shard_sockets) >= count:
                    self.identified.set()
        return ws

    def _guild(self) -> dict[str, Any]:
        chan = lambda cid, name: {"id": str(cid), "type": 0, "name": name, "position": 0,  # noqa: E731
                                  "guild_id": str(GUILD_ID), "permission_overwrites": [], "nsfw": False}
        return {"id": str(GUILD_ID), "name": "test guild", "owner_id": "1", "unavailable": False,
                "member_count": 3, "roles": [{"id": str(GUILD_ID), "name": "@everyone", "permissions": "68608",
                                             "position": 0, "color": 0, "hoist": False, "managed": False,
                                             "mentionable": False}],
                "channels": [chan(CHANNEL_ID, "general"), chan(OTHER_CHANNEL_ID, "other")], "members": [],
                "emojis": [], "stickers": [], "features": [], "threads": [], "stage_instances": [],
                "guild_scheduled_events": [], "voice_states": [], "presences": [], "premium_tier": 0}

    async def _dispatch(self, ws: web.WebSocketResponse, event: str, data: dict[str, Any]) -> None:
        await ws.send_json({"op": 0, "t": event, "s": next(self._seq), "d": data})

    @staticmethod
    def shard_of(guild_id: int, count: int) -> int:
        """Discord's rule: a guild's events go to shard (guild_id >> 22) % shard_count; DMs to shard 0."""
        return (guild_id >> 22) % count

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        await self.identified.wait()
        guild = data.get("guild_id")
        shard = self.shard_of(int(guild), len(self.shard_sockets)) if guild else 0
        await self._dispatch(self.shard_sockets.get(shard, self.sockets[-1]), event, data)

    # ---- scripting
    async def dm(self, text: str, user_id: int = 1, bot: bool = False, attachments: bool = False) -> str:
        msg = self._message(DM_CHANNEL_BASE + user_id, text, _user(user_id, f"user{user_id}", bot),
                            attachments=[{"id": "1", "filename": "x.png", "size": 1, "url": "http://x/x.png",
                                          "proxy_url": "http://x/x.png"}] if attachments else [])
        await self.dispatch("MESSAGE_CREATE", msg)
        return msg["id"]

    async def channel_message(self, text: str, user_id: int = 1, mention: bool = False,
                              channel_id: int = CHANNEL_ID) -> str:
        content = f"<@{BOT_ID}> {text}" if mention else text
        member = {"roles": [], "joined_at": datetime.now(UTC).isoformat(), "deaf": False, "mute": False, "flags": 0}
        msg = self._message(channel_id, content, _user(user_id, f"user{user_id}"), guild_id=str(GUILD_ID),
                            member=member, mentions=[{**BOT_USER, "member": member}] if mention else [])
        await self.dispatch("MESSAGE_CREATE", msg)
        return msg["id"]

    async def slash(self, name: str, user_id: int = 1, **options: str) -> str:
        iid = str(next(self._ids))
        cmd = next(c for c in self.commands if c["name"] == name)
        member = {"roles": [], "joined_at": datetime.now(UTC).isoformat(), "deaf": False, "mute": False, "flags": 0,
                  "permissions": "68608", "user": _user(user_id, f"user{user_id}")}
        await self.dispatch("INTERACTION_CREATE", {
            "id": iid, "application_id": str(APP_ID), "type": 2, "token": f"tok{iid}", "version": 1,
            "guild_id": str(GUILD_ID), "channel_id": str(CHANNEL_ID),
            "channel": {"id": str(CHANNEL_ID), "type": 0, "guild_id": str(GUILD_ID), "name": "general",
                        "position": 0, "permission_overwrites": [], "nsfw": False},
            "member": member, "app_permissions": "68608", "locale": "en-US", "guild_locale": "en-US",
            "entitlements": [], "attachment_size_limit": 10485760, "authorizing_integration_owners": {"0": str(GUILD_ID)}, "context": 0,
            "data": {"id": cmd["id"], "name": name, "type": 1,
                     "options": [{"name": k, "type": 3, "value": v} for k, v in options.items()]}})
        return iid

    def replies_to(self, message_id: str) -> list[dict[str, Any]]:
        return [s for s in self.sent if str((s.get("message_reference") or {}).get("message_id")) == message_id]

    def followups(self, interaction_id: str) -> list[dict[str, Any]]:
        return [s for s in self.sent if s.get("token") == f"tok{interaction_id}"]

    async def wait_for(self, predicate: Any, timeout: float = 30.0) -> bool:
        return await wait_for(predicate, timeout)
