"""A TCP proxy in front of PostgreSQL that can play a hung database.

Forwarding, it pipes bytes both ways. Hung, it still accepts connections (as a frozen
server's kernel does) but answers nothing: new connections get no greeting and bytes on
existing ones are held back. Used by the outage test and by bench/db_outage.py.
"""

import socket
import threading


class StallingProxy:
    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.forwarding = threading.Event()
        self.forwarding.set()
        self.closed = False
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def hang(self) -> None:
        self.forwarding.clear()

    def forward(self) -> None:
        self.forwarding.set()

    def close(self) -> None:
        self.closed = True
        self.forwarding.set()  # releases the waiting threads, which see `closed`
        self.listener.close()
        for sock in list(self.sockets):
            _drop(sock)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.sockets.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        self.forwarding.wait()
        if self.closed:
            _drop(client)
            return
        try:
            upstream = socket.create_connection(self.upstream)
        except OSError:
            _drop(client)
            return
        self.sockets.append(upstream)
        threading.Thread(
            target=self._pipe, args=(client, upstream), daemon=True
        ).start()
        self._pipe(upstream, client)

    def _pipe(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self.forwarding.wait()
                if self.closed:
                    return
                target.sendall(data)
        except OSError:
            pass
        finally:
            _drop(source)
            _drop(target)


def _drop(sock: socket.socket) -> None:
    """Shut down first: that wakes the other thread blocked in recv() on it."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
