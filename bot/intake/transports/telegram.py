"""Telegram through python-telegram-bot v22: long polling (default) or webhook; thin handlers over
the core. Replies are plain text (no parse mode), as replies to the question, split at 4096."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Callable
from typing import Any

from telegram import BotCommand, LinkPreviewOptions, Message, MessageEntity, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.core import chat_key
from bot.intake.identity import NO_PSEUDONYM, pseudonym, target_user, user_key
from bot.intake.inbox import Ticket
from bot.intake.pipeline import Pipeline, Undeliverable
from bot.intake.transports.common import RefuseOnce, backoff, with_retries
from bot.operations.config import Settings
from bot.safety.messages import Texts, for_message
from medbot.text import TELEGRAM_LIMIT, split_message

log = logging.getLogger(__name__)

# A source link in an answer must not unfold into a preview card bigger than the answer.
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

TYPING_EVERY_S = 4.0
# Answers faster than this need no "typing" action; skipping it halves the API calls under load,
# where Telegram's ~30 requests/s flood limit (not the model) sets the latency.
TYPING_DELAY_S = 1.0
NON_TEXT = (filters.Sticker.ALL | filters.PHOTO | filters.VOICE | filters.AUDIO | filters.VIDEO
            | filters.VIDEO_NOTE | filters.Document.ALL | filters.ANIMATION | filters.LOCATION | filters.CONTACT)


class InboxQueue(asyncio.Queue):  # type: ignore[type-arg]
    """python-telegram-bot's update queue. Its updater puts each update here before it confirms it to
    Telegram (the next getUpdates offset) or answers the webhook's POST, so `admit` writes a question to
    the inbox before Telegram may forget it; a redelivered one is not queued again."""

    def __init__(self, admit: Callable[[Any], bool]):
        super().__init__()
        self._admit = admit

    async def put(self, item: Any) -> None:
        if self._admit(item):
            await super().put(item)


class TelegramTransport:
    """Starts and stops explicitly (no run_polling), so it shares one event loop with Discord."""

    platform = "telegram"

    def __init__(self, settings: Settings, pipeline: Pipeline):
        self.settings = settings
        self.pipeline = pipeline
        self._refused = RefuseOnce()  # one polite refusal per chat
        self._closed = asyncio.Event()
        builder = (ApplicationBuilder().token(settings.telegram_token).base_url(settings.telegram_base_url)
                   .update_queue(InboxQueue(self._admit))
                   .concurrent_updates(True).rate_limiter(AIORateLimiter(max_retries=3)))
        self.app: Application = builder.build()  # type: ignore[type-arg]
        only_new = filters.UpdateType.MESSAGE  # edited messages are not answered twice
        self.app.add_handler(CommandHandler(["start", "help"], self.on_help, filters=only_new))
        self.app.add_handler(CommandHandler("ask", self.on_ask, filters=only_new))
        self.app.add_handler(CommandHandler("forget", self.on_forget, filters=only_new))
        self.app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & only_new, self.on_text))
        self.app.add_handler(MessageHandler(NON_TEXT & only_new, self.on_non_text))
        self.app.add_error_handler(self.on_error)

    # ---- lifecycle
    async def start(self) -> None:
        await self.app.initialize()
        await self._with_retries(self.app.bot.set_my_commands, [
            BotCommand("ask", "Ask a medical question"), BotCommand("help", "What this bot is and how to ask"),
            BotCommand("start", "Introduction and disclaimer"),
            BotCommand("forget", "Forget the topic of our conversation")])
        updater = self.app.updater
        assert updater is not None
        s = self.settings
        if s.telegram_webhook_url:
            await updater.start_webhook(listen=s.telegram_webhook_listen, port=s.telegram_webhook_port,
                                        url_path="telegram", webhook_url=s.telegram_webhook_url,
                                        secret_token=s.telegram_webhook_secret or None,
                                        allowed_updates=["message"])
        else:
            await updater.start_polling(allowed_updates=["message"], bootstrap_retries=-1,
                                        error_callback=self._polling_error)
        await self.app.start()
        log.info("telegram: connected as @%s (%s)", self.app.bot.username,
                 "webhook" if s.telegram_webhook_url else "long polling")

    async def wait_closed(self) -> None:
        """A chat platform does not end by itself: returns once stop() ran."""
        await self._closed.wait()

    async def stop(self) -> None:
        self._closed.set()
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()

    # ---- handlers
    async def on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start and /help: what the bot is, the disclaimer, how to ask."""
        if update.effective_message and await self._allowed(update):
            await self._send(update.effective_message, _texts(update).about)

    async def on_forget(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/forget: the bot drops the topic it remembers for follow-up questions in this chat."""
        msg = update.effective_message
        if msg is None or not await self._allowed(update):
            return
        user = msg.from_user.id if msg.from_user else msg.chat.id
        self.pipeline.core.forget(user_key("tg", user), chat_key(self.platform, msg.chat.id))
        await self._send(msg, _texts(update).forgot)

    async def on_ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/ask <question>: works in private chats and groups."""
        if update.effective_message is not None and await self._allowed(update):
            await self._answer(update)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A text message: always a question in private; in groups only when addressed to the bot."""
        msg = update.effective_message
        if msg is None or msg.text is None:
            return
        if msg.chat.type != ChatType.PRIVATE and self._addressed_text(msg) is None:
            return
        if await self._allowed(update):
            await self._answer(update)

    async def on_non_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo, video or document with a caption is a question like a text (an overdose reported
        under a photo of the pill box gets the emergency reply); stickers, voice and media without a
        caption get "only text questions" in private chats."""
        msg = update.effective_message
        if msg is None or not await self._allowed(update):
            return
        if self.question_of(update) is not None:
            await self._answer(update)
        elif msg.chat.type == ChatType.PRIVATE:
            await self._send(msg, _texts(update, msg.caption).text_only)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the error (type only: never the token or the message text) and keep running."""
        err = context.error
        log.error("telegram handler error: %s", _describe(err))

    # ---- the inbox
    def question_of(self, update: Any) -> str | None:
        """The question a new message asks (a private text or caption, a group message addressed to the
        bot, or /ask's text), else None: other commands, media without a caption, group chatter and
        chats the allow-lists refuse. The handlers answer exactly these, so every question in the
        inbox is one that gets a reply."""
        msg = update.message if isinstance(update, Update) else None
        caption = msg.caption if msg is not None and msg.caption and msg.caption.strip() else None
        text = None if msg is None else msg.text if msg.text is not None else caption
        if msg is None or text is None or not self._admitted(update):
            return None
        command = _command(msg)
        if command is not None:  # /ask and /ask@thisbot, followed by a space or a new line
            name, to, rest = command
            me = self.app.bot.username or ""
            return " ".join(rest.split()) if name == "ask" and (not to or to == me.lower()) else None
        return text if msg.chat.type == ChatType.PRIVATE else self._addressed_text(msg)

    def _ticket(self, msg: Message, question: str) -> Ticket:
        user = msg.from_user.id if msg.from_user else msg.chat.id
        received = msg.date.timestamp() if msg.date else None
        key = user_key("tg", user)
        # the raw key is kept with the target (erased when answered) for a replay's follow-up memory, and the
        # pseudonym is NOT stored beside it (made from it when logging): a row never links a log line to a person
        return Ticket(f"tg:{msg.chat.id}:{msg.message_id}", self.platform, question, NO_PSEUDONYM,
                      {"chat": msg.chat.id, "message": msg.message_id, "user": key},
                      **({"received_at": received} if received else {}))

    def _admit(self, update: Any) -> bool:
        """Before Telegram is told the update arrived: put a question in the inbox. False for one
        accepted before (Telegram redelivers what a crashed process had not confirmed)."""
        try:
            question = self.question_of(update)
            if question is None or self.pipeline.accept(self._ticket(update.message, question)):
                return True
        except Exception as exc:  # never stop the updater's loop: answer it from memory
            log.error("telegram: could not admit an update to the inbox (%s: %s)", type(exc).__name__, exc)
            return True
        log.info("telegram: msg=%s was accepted before; not answered twice", update.message.message_id)
        return False

    async def deliver(self, ticket: Ticket, text: str) -> None:
        """Send a reply to a question from the inbox (after a restart), as a reply to the original."""
        await self._send_to(int(ticket.target["chat"]), int(ticket.target["message"]), text, final=True)

    # ---- helpers
    def _admitted(self, update: Update) -> bool:
        s = self.settings
        user, chat = update.effective_user, update.effective_chat
        return ((not s.telegram_allowed_user_ids or (user is not None and user.id in s.telegram_allowed_user_ids))
                and (not s.telegram_allowed_chat_ids or (chat is not None and chat.id in s.telegram_allowed_chat_ids)))

    def _addressed_text(self, msg: Message) -> str | None:
        """The question if a group message mentions or replies to the bot, else None."""
        me = self.app.bot
        text = msg.text or msg.caption or ""
        mention = f"@{me.username}".lower() if me.username else None
        if mention and mention in text.lower():
            start = text.lower().index(mention)
            return (text[:start] + text[start + len(mention):]).strip()
        reply = msg.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.id == me.id:
            return text
        return None

    async def _allowed(self, update: Update) -> bool:
        """Whether the allow-lists admit this update; a refused chat gets one polite refusal."""
        ok = self._admitted(update)
        chat = update.effective_chat
        if not ok and chat is not None and update.effective_message is not None and self._refused.first(chat.id):
            log.info("telegram: refused chat=%s", pseudonym(str(chat.id), self.settings.log_salt))
            await self._send(update.effective_message, _texts(update, update.effective_message.text).not_allowed)
        return ok

    async def _answer(self, update: Update) -> None:
        """The question is in the inbox already (the update queue put it there): the pipeline answers,
        delivers through `deliver` and marks it answered."""
        question, msg = self.question_of(update), update.message
        if question is None or msg is None:
            return
        ticket = self._ticket(msg, question)
        typing = asyncio.create_task(self._typing(msg.chat.id))

        async def deliver(text: str) -> None:
            typing.cancel()
            await self._send_to(msg.chat.id, msg.message_id, text, final=True)

        try:
            await self.pipeline.answer(ticket, target_user(ticket.target), deliver)
        finally:
            typing.cancel()

    async def _typing(self, chat_id: int) -> None:
        """Show "typing" until cancelled (Telegram clears it after ~5 s, so repeat every 4 s)."""
        with contextlib.suppress(Exception):
            await asyncio.sleep(TYPING_DELAY_S)
            while True:
                await self.app.bot.send_chat_action(chat_id, ChatAction.TYPING)
                await asyncio.sleep(TYPING_EVERY_S)

    async def _send(self, msg: Message, text: str) -> None:
        await self._send_to(msg.chat.id, msg.message_id, text)

    async def _send_to(self, chat_id: int, message_id: int, text: str, final: bool = False) -> None:
        """Send `text` as a reply to a message. `final`: an answer to a question in the inbox, where a
        refusal no retry can pass (blocked, kicked, chat gone) is `Undeliverable` for the pipeline."""
        chunks = [c for c in split_message(text, TELEGRAM_LIMIT) if c.strip()]
        try:
            for chunk in chunks:
                await self._with_retries(self.app.bot.send_message, chat_id, chunk,
                                         reply_parameters=ReplyParameters(message_id, allow_sending_without_reply=True),
                                         link_preview_options=NO_PREVIEW)
        except (Forbidden, BadRequest) as exc:
            if final:
                raise Undeliverable(_describe(exc)) from exc
            raise
        if not final:  # an answer's delivery is logged by the pipeline, once it is marked answered
            log.info("telegram: delivered msg=%s chunks=%d", message_id, len(chunks))

    async def _with_retries(self, fn: Any, *args: Any, **kw: Any) -> Any:
        """Retry RetryAfter and network errors, so a reply is not lost to a blip."""
        return await with_retries("telegram", _delay, fn, *args, **kw)

    def _polling_error(self, exc: Exception) -> None:
        log.warning("telegram polling: %s", _describe(exc))


def _command(msg: Message) -> tuple[str, str, str] | None:
    """(command, bot it is addressed to, the rest) when the message starts with a command, read by the
    entity Telegram marks it with, as python-telegram-bot's CommandHandler does: "/ask\nwhat is gout"
    and "/ask@medbot what is gout" are commands; "/ what is gout" is text."""
    text = msg.text or ""
    entity = next((e for e in msg.entities or () if e.type == MessageEntity.BOT_COMMAND and e.offset == 0), None)
    if entity is None:
        return None
    name, _, to = text[1:entity.length].partition("@")
    return name.lower(), to.lower(), text[entity.length:]


def _texts(update: Update, text: str | None = None) -> Texts:
    """Fixed texts in the message's language, else the user's Telegram language."""
    user = update.effective_user
    return for_message(text, user.language_code if user else None)


def _delay(exc: BaseException, attempt: int) -> float | None:
    """Telegram's own wait for a RetryAfter, backoff for network errors; anything else is final."""
    if isinstance(exc, RetryAfter):
        return _seconds(exc.retry_after)
    if isinstance(exc, BadRequest):  # a 400 (python-telegram-bot makes it a NetworkError): final
        return None
    return backoff(attempt) if isinstance(exc, TimedOut | NetworkError) else None


def _seconds(v: Any) -> float:
    return float(v.total_seconds()) if hasattr(v, "total_seconds") else float(v)


_TOKEN = re.compile(r"\d{3,}:[\w-]{10,}")


def _describe(err: BaseException | None) -> str:
    """Error type and message with anything token-shaped scrubbed."""
    if err is None:
        return "unknown error"
    return f"{type(err).__name__}: {_TOKEN.sub('<token>', str(err))}"
