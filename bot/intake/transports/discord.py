"""Discord through discord.py 2.x: DMs, @mentions in servers, and /ask and /help slash commands.
Replies are plain text with every mention disabled, split at 2000 characters by the core's splitter."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from typing import Any

import discord
from discord import app_commands

from bot.core import chat_key
from bot.intake.identity import NO_PSEUDONYM, pseudonym, user_key
from bot.intake.inbox import Ticket
from bot.intake.pipeline import Pipeline, Undeliverable
from bot.intake.transports.common import RefuseOnce, backoff, with_retries
from bot.operations.config import Settings
from bot.safety.messages import for_message
from medbot.text import DISCORD_LIMIT, split_message

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()  # model output can never ping @everyone or a user
# An interaction token can send follow-ups for 15 minutes; a replayed /ask older than this (with a margin for
# the send itself) is answered in its channel instead.
INTERACTION_TTL_S = 15 * 60 - 60


def apply_endpoints(api_base: str, gateway_url: str) -> None:
    """Point discord.py at another API/gateway (a proxy, or the tests' local fake Discord).
    discord.py has no option for it, so this sets Route.BASE and the default gateway URL."""
    import yarl

    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def _delay(exc: BaseException, attempt: int) -> float | None:
    """discord.py already retries 5xx and rate limits a few times; a reply must also survive a
    longer outage or a dropped connection. A 4xx other than 429 is final."""
    import aiohttp

    if isinstance(exc, discord.HTTPException) and 400 <= exc.status < 429:
        return None
    return backoff(attempt) if isinstance(exc, discord.HTTPException | aiohttp.ClientError | TimeoutError) else None


def never_deliverable(exc: discord.HTTPException) -> bool:
    """A 4xx about the message, not about us: no access to the channel, unknown channel or message,
    DMs closed. 401 (our token) and 429 (slow down) are not the message's fault."""
    return 400 <= exc.status < 429 and exc.status != 401


async def _retry(fn: Any, *args: Any, **kw: Any) -> Any:
    return await with_retries("discord", _delay, fn, *args, **kw)


class DiscordTransport:
    """Started and stopped explicitly (login + connect task), never Client.run, so it shares the loop."""

    platform = "discord"

    def __init__(self, settings: Settings, pipeline: Pipeline):
        self.settings = settings
        self.pipeline = pipeline
        apply_endpoints(settings.discord_api_base, settings.discord_gateway_url)
        # DMs and @mentions carry their content without the privileged message-content intent.
        intents = discord.Intents.none()
        intents.guilds = True
        intents.guild_messages = True
        intents.dm_messages = True
        # Discord requires sharding past 2,500 servers; AutoShardedClient runs as many shards as Discord's
        # GET /gateway/bot recommends (one for a small bot), or DISCORD_SHARD_COUNT, in this one process.
        self.client = discord.AutoShardedClient(intents=intents, allowed_mentions=NO_MENTIONS,
                                                shard_count=settings.discord_shard_count)
        self.tree = app_commands.CommandTree(self.client)
        self._refused = RefuseOnce()
        self._closed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._register()

    def _register(self) -> None:
        self.client.event(self.on_message)

        @self.tree.command(name="ask", description="Ask a medical question")
        @app_commands.describe(question="Your question")
        async def ask(interaction: discord.Interaction, question: str) -> None:
            """/ask: deferred at once (Discord drops interactions not acknowledged in 3 s)."""
            await self.on_ask(interaction, question)

        @self.tree.command(name="forget", description="Forget the topic of our conversation")
        async def forget(interaction: discord.Interaction) -> None:
            """/forget: drop the topic remembered for follow-up questions, visible only to the asker."""
            where = chat_key(self.platform, interaction.channel_id)
            self.pipeline.core.forget(user_key("dc", interaction.user.id), where)
            text = for_message(None, str(interaction.locale)).forgot
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)

        @self.tree.command(name="help", description="What this bot is and how to ask")
        async def help_(interaction: discord.Interaction) -> None:
            """/help: the introduction and disclaimer, visible only to the asker."""
            about = for_message(None, str(interaction.locale)).about
            await interaction.response.send_message(about, ephemeral=True, allowed_mentions=NO_MENTIONS)

    # ---- lifecycle
    async def start(self) -> None:
        await self.client.login(self.settings.discord_token)
        await self._sync_commands()
        self._task = asyncio.create_task(self.client.connect(reconnect=True))
        done, _ = await asyncio.wait({self._task, asyncio.create_task(self.client.wait_until_ready())},
                                     timeout=120, return_when=asyncio.FIRST_COMPLETED)
        if self._task in done:
            self._task.result()  # raises the connection error
        log.info("discord: connected as %s (%d shard(s))", self.client.user, self.client.shard_count or 1)

    async def wait_closed(self) -> None:
        """A chat platform does not end by itself: returns once stop() ran."""
        await self._closed.wait()

    async def stop(self) -> None:
        self._closed.set()
        await self.client.close()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, 10)
            except (TimeoutError, asyncio.CancelledError, discord.DiscordException):
                pass

    async def _sync_commands(self) -> None:
        """Sync slash commands only when they differ from what Discord has (sync is rate limited)."""
        local = {(c.name, getattr(c, "description", "")) for c in self.tree.get_commands()}
        try:
            remote = {(c.name, c.description) for c in await self.tree.fetch_commands()}
        except discord.HTTPException:
            remote = set()
        if remote != local:
            await self.tree.sync()
            log.info("discord: slash commands synced")

    # ---- handlers
    async def on_message(self, message: discord.Message) -> None:
        """DMs are questions; in servers only messages that @mention the bot. Bots are ignored."""
        me = self.client.user
        if message.author.bot or me is None:
            return
        if message.guild is not None:
            if me not in message.mentions:
                return
            text = re.sub(rf"<@!?{me.id}>", " ", message.content)
        else:
            text = message.content
        if not self._allowed(message.guild, message.channel.id, message.author.id):
            await self._refuse_once(message)
            return
        if not text.strip() and message.attachments:
            await message.reply(for_message(None, _locale(message)).text_only, mention_author=False,
                                allowed_mentions=NO_MENTIONS)
            return
        ticket = self._ticket(f"dc:m:{message.id}", text, message.author.id,
                              {"kind": "message", "channel": message.channel.id, "message": message.id})
        if not self.pipeline.accept(ticket):  # a gateway resume can replay an event
            log.info("discord: msg=%s was accepted before; not answered twice", message.id)
            return
        # "typing" is best effort: a failure (or a slow API) never loses the question
        with contextlib.suppress(Exception):
            await asyncio.wait_for(message.channel.typing(), 3)
        typing = asyncio.create_task(_typing(message.channel))

        async def deliver(text: str) -> None:
            typing.cancel()
            await self._send(message.channel.send, text, f"msg={message.id}",
                             reference=message.to_reference(fail_if_not_exists=False))

        try:
            await self.pipeline.answer(ticket, user_key("dc", message.author.id), deliver)
        finally:
            typing.cancel()

    async def on_ask(self, interaction: discord.Interaction, question: str) -> None:
        channel_id = interaction.channel_id or 0
        if not self._allowed(interaction.guild, channel_id, interaction.user.id):
            await interaction.response.send_message(for_message(question, str(interaction.locale)).not_allowed,
                                                    ephemeral=True)
            return
        # acknowledged first: Discord forgets an interaction not answered within 3 s, and a replay needs it known
        with contextlib.suppress(discord.HTTPException):
            await interaction.response.defer(thinking=True)
        ticket = self._ticket(f"dc:i:{interaction.id}", question, interaction.user.id,
                              {"kind": "ask", "channel": channel_id, "app": interaction.application_id,
                               "token": interaction.token})

        async def deliver(text: str) -> None:
            try:
                await self._send(interaction.followup.send, text, f"ask={interaction.id}", give_up=False)
            except discord.HTTPException as exc:  # the interaction is gone (expired, unknown): answer in its channel
                log.warning("discord: /ask follow-up failed (%s); answering in its channel", exc.status)
                channel = self.client.get_partial_messageable(channel_id)
                await self._send(channel.send, text, f"ask={interaction.id}")

        await self.pipeline.handle(ticket, user_key("dc", interaction.user.id), deliver)

    # ---- the inbox
    def _ticket(self, key: str, text: str, user_id: int, target: dict[str, Any]) -> Ticket:
        """Received now: Discord does not hold events for a bot that was offline, so this is when it was asked."""
        user = user_key("dc", user_id)  # kept with the target (erased when answered) for a replay's follow-ups
        return Ticket(key, self.platform, text, NO_PSEUDONYM, target | {"user": user})  # pseudonym: made when logged

    async def _send(self, send: Any, text: str, what: str, give_up: bool = True, **kw: Any) -> None:
        """Send the reply in chunks and log the delivery. `give_up`: a 4xx that no retry can pass is
        `Undeliverable` for the pipeline (False where the caller has another way to reply)."""
        # plain text as written: no markdown, no embeds unfolding a source link, no pings
        chunks = [c for c in split_message(discord.utils.escape_markdown(text), DISCORD_LIMIT) if c.strip()]
        try:
            for chunk in chunks:
                await _retry(send, chunk, allowed_mentions=NO_MENTIONS, suppress_embeds=True, **kw)
        except discord.HTTPException as exc:
            if not (give_up and never_deliverable(exc)):
                raise
            raise Undeliverable(f"HTTP {exc.status}") from exc
        log.debug("discord: sent %s chunks=%d", what, len(chunks))  # "delivered" is logged by the pipeline

    async def deliver(self, ticket: Ticket, text: str) -> None:
        """A reply to a question from the inbox (after a restart): as a reply to the message; for /ask a
        follow-up while its token lives (15 minutes), after that in the command's channel."""
        where = ticket.target
        channel = self.client.get_partial_messageable(int(where["channel"]))
        if where.get("kind") != "ask":
            message = channel.get_partial_message(int(where["message"]))
            await self._send(channel.send, text, f"msg={where['message']}",
                             reference=message.to_reference(fail_if_not_exists=False))
        elif ticket.age() < INTERACTION_TTL_S:
            hook = discord.Webhook.partial(int(where["app"]), str(where["token"]), client=self.client)
            await self._send(hook.send, text, f"ask={ticket.key.rsplit(':', 1)[1]}", give_up=False)
        else:
            log.warning("discord: a replayed /ask is older than its 15-minute token; answering in its channel")
            await self._send(channel.send, text, f"ask={ticket.key.rsplit(':', 1)[1]}")

    # ---- helpers
    def _allowed(self, guild: discord.Guild | None, channel_id: int, user_id: int) -> bool:
        s = self.settings
        return ((not s.discord_allowed_guild_ids or (guild is not None and guild.id in s.discord_allowed_guild_ids))
                and (not s.discord_allowed_channel_ids or channel_id in s.discord_allowed_channel_ids)
                and (not s.discord_allowed_user_ids or user_id in s.discord_allowed_user_ids))

    async def _refuse_once(self, message: discord.Message) -> None:
        if not self._refused.first(message.channel.id):
            return
        log.info("discord: refused user=%s", pseudonym(str(message.author.id), self.settings.log_salt))
        text = for_message(message.content, _locale(message)).not_allowed
        await message.reply(text, mention_author=False, allowed_mentions=NO_MENTIONS)


async def _typing(channel: Any) -> None:
    """Keep showing "typing" until cancelled (Discord clears it after ~10 s); any failure is ignored."""
    with contextlib.suppress(Exception):
        while True:
            await asyncio.sleep(8)
            await channel.typing()


def _locale(message: discord.Message) -> str | None:
    """The guild's preferred locale (messages carry no user locale; interactions do)."""
    return str(message.guild.preferred_locale) if message.guild is not None else None
