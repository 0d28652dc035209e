"""The console chat (the seed's use_medical_chatbot loop), also usable through a pipe."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot.core import Core, chat_key
from bot.intake.identity import UserKey
from bot.safety.messages import EN

PROMPT = "\nYour question: "
USER, CHAT = UserKey("console"), chat_key("console", "local")  # one person, one conversation


class ConsoleTransport:
    """Reads questions from stdin and prints replies; `/forget` drops the conversation's topic (as in
    Telegram and Discord); `exit` (or end of input) quits."""

    def __init__(self, core: Core, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, banner: str = ""):
        self.core = core
        self.stdin = stdin
        self.stdout = stdout
        self.banner = banner
        # through a pipe the typed question never shows: echo it, so a transcript reads as a conversation
        self.echo = not _isatty(stdin)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._write((f"{self.banner}\n" if self.banner else "")
                    + "Medical chatbot ready! Type '/forget' to start a new topic, 'exit' to end the conversation.\n")
        self._task = asyncio.create_task(self._loop())

    async def wait_closed(self) -> None:
        if self._task is not None:
            await asyncio.shield(self._task)

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def _loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            self._write(PROMPT)
            line = await loop.run_in_executor(None, self.stdin.readline)
            if not line:  # end of input
                self._write("\n")
                return
            question = line.strip()
            if self.echo:
                self._write(f"{question}\n")
            if question.lower() in {"exit", "quit"}:
                return
            if question.lower() == "/forget":
                self.core.forget(USER, CHAT)
                self._write(f"\nResponse: {EN.forgot}\n")
                continue
            reply = await self.core.answer(USER, question, chat=CHAT)
            self._write(f"\nResponse: {reply.text}\n")

    def _write(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
