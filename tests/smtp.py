"""A real SMTP server on 127.0.0.1 for tests: aiosmtpd in a thread, messages kept in memory."""

from __future__ import annotations

import asyncio
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self, server: LoopbackSMTPServer):
        self.server = server

    async def handle_DATA(self, smtp_server, session, envelope):
        if self.server.stall_next > 0:
            # Hold the answer, as a slow mail server does. A sender killed meanwhile never sees the
            # message accepted, and aiosmtpd drops it with the connection.
            self.server.stall_next -= 1
            self.server.stalled.set()
            await asyncio.sleep(self.server.stall_seconds)
        if self.server.refuse_next > 0:
            self.server.refuse_next -= 1
            self.server.refused += 1
            return "451 4.3.0 Temporary failure, try again later"
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.server.messages.append(message)
        return "250 OK"


class LoopbackSMTPServer:
    def __init__(self, *, refuse_first: int = 0):
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self.refuse_next = refuse_first
        self.refused = 0
        self.stall_next = 0
        self.stall_seconds = 0.0
        self.stalled = threading.Event()
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def reset(self):
        """Forget what was received and refused, for the next test."""
        self.messages.clear()
        self.refuse_next = self.refused = 0

    def start(self):
        self._controller.start()

    def stop(self):
        self._controller.stop()
