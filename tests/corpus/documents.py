"""The real-world corpus in ../shared/specs/corpus: each document, its package name, and what is
known to fail today (issue #13), so that every fix shows as a strict xfail turning into a pass."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Beside the clone, as for every test (tests/conftest.py); not imported from there, so that the
# benchmarks can read this list without pytest.
CORPUS_DIR = Path(__file__).resolve().parents[3] / "shared" / "specs" / "corpus"
# Documents over this size take the generator and mypy from seconds to minutes each: the
# default developer run leaves them out (CI runs them; see tests/conftest.py, --run-slow).
SLOW_BYTES = 1_000_000


@dataclass(frozen=True)
class CorpusDocument:
    key: str
    path: str
    # step ("generate", "import", "mypy") -> why it fails today; a failing step fails those after it
    known_failures: dict[str, str] = field(default_factory=dict)

    @property
    def package(self) -> str:
        return f"corpus_{self.key}"

    @property
    def spec(self) -> Path:
        return CORPUS_DIR / self.path

    def known_failure(self, step: str) -> str | None:
        steps = ("generate", "import", "mypy")
        for earlier in steps[: steps.index(step) + 1]:
            if earlier in self.known_failures:
                return self.known_failures[earlier]
        return None

    def is_slow(self) -> bool:
        spec = self.spec
        if spec.name.endswith(".v2.yaml"):  # DigitalOcean: a small root over 2,900 files
            return True
        return spec.is_file() and spec.stat().st_size > SLOW_BYTES


DOCUMENTS = (
    CorpusDocument("oai_api_with_examples", "oai/api-with-examples.yaml"),
    CorpusDocument("oai_callback_example", "oai/callback-example.yaml"),
    CorpusDocument("oai_link_example", "oai/link-example.yaml"),
    CorpusDocument("oai_petstore_expanded", "oai/petstore-expanded.yaml"),
    CorpusDocument("oai_uspto", "oai/uspto.yaml"),
    CorpusDocument("twilio_conversations", "twilio-conversations-v1.json"),
    CorpusDocument("twilio_messaging", "twilio-messaging-v1.json"),
    CorpusDocument("twilio_verify", "twilio-verify-v2.json"),
    CorpusDocument("discord", "discord.json"),
    CorpusDocument("openai", "openai.yaml"),
    CorpusDocument("github", "github-rest-2022-07.json"),
    CorpusDocument("stripe", "stripe-2023-09.yaml"),
    CorpusDocument("digitalocean", "digitalocean/specification/DigitalOcean-public.v2.yaml"),
)
