"""Telegram through python-telegram-bot v22: long polling (default) or webhook; thin handlers over
the core. Replies are plain text (no parse mode), as replies to the question, split at 4096."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from typing import Any

from telegram import BotCommand, Message, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.core import user_hash
from bot.messages import Texts, for_message
from bot.text import TELEGRAM_LIMIT, split_message
from bot.transports.common import RefuseOnce, backoff, with_retries

log = logging.getLogger(__name__)

TYPING_EVERY_S = 4.0
# Answers faster than this need no "typing" action; skipping it halves the API calls under load,
# where Telegram's ~30 requests/s flood limit (not the model) sets the latency.
TYPING_DELAY_S = 1.0
NON_TEXT = (filters.Sticker.ALL | filters.PHOTO | filters.VOICE | filters.AUDIO | filters.VIDEO
            | filters.VIDEO_NOTE | filters.Document.ALL | filters.ANIMATION | filters.LOCATION | filters.CONTACT)


class TelegramTransport:
    """Starts and stops explicitly (no run_polling), so it shares one event loop with Discord."""

    def __init__(self, settings: Any, core: Any):
        self.settings = settings
        self.core = core
        self._refused = RefuseOnce()  # one polite refusal per chat
        builder = (ApplicationBuilder().token(settings.telegram_token).base_url(settings.telegram_base_url)
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

    async def stop(self) -> None:
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
        self.core.forget(f"tg:{msg.from_user.id if msg.from_user else msg.chat.id}")
        await self._send(msg, _texts(update).forgot)

    async def on_ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/ask <question>: works in private chats and groups."""
        msg = update.effective_message
        if msg is None or not await self._allowed(update):
            return
        await self._answer(msg, " ".join(context.args or []))

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A text message: always a question in private; in groups only when addressed to the bot."""
        msg = update.effective_message
        if msg is None or msg.text is None:
            return
        if msg.chat.type != ChatType.PRIVATE:
            text = self._addressed_text(msg)
            if text is None:
                return
        else:
            text = msg.text
        if await self._allowed(update):
            await self._answer(msg, text)

    async def on_non_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice, documents...: say that only text questions are supported."""
        msg = update.effective_message
        if msg is not None and msg.chat.type == ChatType.PRIVATE and await self._allowed(update):
            await self._send(msg, _texts(update, msg.caption).text_only)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the error (type only: never the token or the message text) and keep running."""
        err = context.error
        log.error("telegram handler error: %s", _describe(err))

    # ---- helpers
    def _addressed_text(self, msg: Message) -> str | None:
        """The question if a group message mentions or replies to the bot, else None."""
        me = self.app.bot
        text = msg.text or ""
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
        s = self.settings
        user = update.effective_user
        chat = update.effective_chat
        ok = ((not s.telegram_allowed_user_ids or (user is not None and user.id in s.telegram_allowed_user_ids))
              and (not s.telegram_allowed_chat_ids or (chat is not None and chat.id in s.telegram_allowed_chat_ids)))
        if not ok and chat is not None and update.effective_message is not None and self._refused.first(chat.id):
            log.info("telegram: refused chat=%s", user_hash(str(chat.id), s.log_salt))
            await self._send(update.effective_message, _texts(update, update.effective_message.text).not_allowed)
        return ok

    async def _answer(self, msg: Message, text: str) -> None:
        user = msg.from_user.id if msg.from_user else msg.chat.id
        typing = asyncio.create_task(self._typing(msg.chat.id))
        try:
            reply = await self.core.answer(f"tg:{user}", text)
        finally:
            typing.cancel()
        await self._send(msg, reply.text)

    async def _typing(self, chat_id: int) -> None:
        """Show "typing" until cancelled (Telegram clears it after ~5 s, so repeat every 4 s)."""
        with contextlib.suppress(Exception):
            await asyncio.sleep(TYPING_DELAY_S)
            while True:
                await self.app.bot.send_chat_action(chat_id, ChatAction.TYPING)
                await asyncio.sleep(TYPING_EVERY_S)

    async def _send(self, msg: Message, text: str) -> None:
        chunks = [c for c in split_message(text, TELEGRAM_LIMIT) if c.strip()]
        for chunk in chunks:
            await self._with_retries(self.app.bot.send_message, msg.chat.id, chunk,
                                     reply_parameters=ReplyParameters(msg.message_id, allow_sending_without_reply=True))
        log.info("telegram: delivered msg=%s chunks=%d", msg.message_id, len(chunks))

    async def _with_retries(self, fn: Any, *args: Any, **kw: Any) -> Any:
        """Retry RetryAfter and network errors, so a reply is not lost to a blip."""
        return await with_retries("telegram", _delay, fn, *args, **kw)

    def _polling_error(self, exc: Exception) -> None:
        log.warning("telegram polling: %s", _describe(exc))


def _texts(update: Update, text: str | None = None) -> Texts:
    """Fixed texts in the message's language, else the user's Telegram language."""
    user = update.effective_user
    return for_message(text, user.language_code if user else None)


def _delay(exc: BaseException, attempt: int) -> float | None:
    """Telegram's own wait for a RetryAfter, backoff for network errors; anything else is final."""
    if isinstance(exc, RetryAfter):
        return _seconds(exc.retry_after)
    return backoff(attempt) if isinstance(exc, TimedOut | NetworkError) else None


def _seconds(v: Any) -> float:
    return float(v.total_seconds()) if hasattr(v, "total_seconds") else float(v)


_TOKEN = re.compile(r"\d{3,}:[\w-]{10,}")


def _describe(err: BaseException | None) -> str:
    """Error type and message with anything token-shaped scrubbed."""
    if err is None:
        return "unknown error"
    return f"{type(err).__name__}: {_TOKEN.sub('<token>', str(err))}"
