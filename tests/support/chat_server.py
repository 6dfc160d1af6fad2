"""A local server speaking the OpenAI chat-completions protocol, for testing the generative path.

It stands in for llama.cpp's ``llama-server`` (which needs model weights that no PyPI package
ships, see MODELS.md): a real HTTP server in its own process that answers ``POST
/v1/chat/completions`` like a model that rewrites the draft it is given and, as models do, adds
sentences its sources do not back. Its answer, one sentence per line:

- every draft line, unchanged (with its [n] citations);
- "<first word of the draft> zahlt zusätzlich 987 Millionen Euro an Zorblax Industries. [1]"
  (a number and a company no source states);
- "Analysten sind begeistert." (no citation).

Run: ``python chat_server.py PORT``. ``GET /health`` answers 200 when it is up.
"""

from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def answer(messages: list[dict]) -> str:
    user = next(m["content"] for m in messages if m["role"] == "user")
    draft = user.split("Draft:\n", 1)[1].split("\n\nSources:", 1)[0].splitlines()
    first = draft[0].split()[0] if draft and draft[0].split() else "Die Firma"
    bad = [f"{first} zahlt zusätzlich 987 Millionen Euro an Zorblax Industries. [1]", "Analysten sind begeistert."]
    return "\n".join([*draft, *bad])


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._send(200, {"status": "ok"}) if self.path == "/health" else self._send(404, {"error": "not found"})

    def do_POST(self) -> None:
        if self.path != "/v1/chat/completions":
            return self._send(404, {"error": {"message": "not found"}})
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        content = answer(request["messages"])
        self._send(200, {
            "id": "chatcmpl-test", "object": "chat.completion", "model": request.get("model", "local"),
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        })


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
