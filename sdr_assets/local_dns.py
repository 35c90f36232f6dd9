"""A real DNS server on 127.0.0.1 (ephemeral UDP port) answering from a small zone, for MX checks in tests and benches."""

from __future__ import annotations

import socket
import threading

import dns.flags
import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset


class ZoneServer:
    """``records[name][type]`` lists rdata texts; names absent are NXDOMAIN; ``silent`` names get no answer."""

    def __init__(self, records: dict[str, dict[str, list[str]]], silent: frozenset[str] = frozenset()):
        self.records = {name.rstrip(".").lower(): kinds for name, kinds in records.items()}
        self.silent = silent
        self.questions: list[tuple[str, str]] = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def port(self) -> int:
        return self.sock.getsockname()[1]

    def _answer(self, query: dns.message.Message) -> dns.message.Message | None:
        question = query.question[0]
        name = question.name.to_text().rstrip(".").lower()
        kind = dns.rdatatype.to_text(question.rdtype)
        self.questions.append((name, kind))
        if name in self.silent:
            return None
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA
        if name not in self.records:
            response.set_rcode(dns.rcode.NXDOMAIN)
        elif self.records[name].get(kind):
            response.answer.append(dns.rrset.from_text_list(question.name, 300, dns.rdataclass.IN, kind,
                                                            self.records[name][kind]))
        return response

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                data, peer = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            response = self._answer(dns.message.from_wire(data))
            if response is not None:
                self.sock.sendto(response.to_wire(), peer)

    def __enter__(self) -> ZoneServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)
        self.sock.close()
