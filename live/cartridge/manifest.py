"""A cartridge's ``manifest.json``: slug, price, description, language, ABI version.

Validated at the boundary: every error is a :class:`~colony_sim.errors.ConfigError` that
names the field and says what would be accepted.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any

from colony_sim.errors import ConfigError
from live.cartridge.abi import ABI_VERSIONS

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,47}")
LANGUAGES = {"wat": "main.wat", "c": "main.c", "rust": "main.rs"}
DEFAULT_PRICE = 1000
MAX_DESCRIPTION = 500


def check_slug(slug: object) -> str:
    """Return ``slug`` if valid.

    Raises:
        ConfigError: unless it is 1–48 characters of ``a-z``, ``0-9`` and ``-``, not
            starting with ``-``.
    """
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        raise ConfigError(
            "slug",
            f"{slug!r} must be 1-48 characters of a-z, 0-9 and '-', not starting with '-'",
        )
    return slug


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifest:
    """What ``manifest.json`` declares.

    Attributes:
        slug: The cartridge's name and URL segment.
        price: Price of one paid call, in atomic token units (positive).
        description: Human description.
        language: Source language: ``wat``, ``c`` or ``rust``.
        abi: ABI version the cartridge was written for (1 or 2; ABI v2's ``call`` import
            is not provided by this host).
        test_body: Request body of the self-test.
        expect_body: Body the self-test must answer, or ``None`` for any 2xx.
        template: Template it was created from, if any.
    """

    slug: str
    price: int = DEFAULT_PRICE
    description: str = ""
    language: str = "wat"
    abi: int = 1
    test_body: str = "ping"
    expect_body: str | None = None
    template: str | None = None

    def __post_init__(self) -> None:
        check_slug(self.slug)
        if isinstance(self.price, bool) or not isinstance(self.price, int) or self.price <= 0:
            raise ConfigError(
                "price", f"must be a positive integer of atomic units, got {self.price!r}"
            )
        _check_str("description", self.description, MAX_DESCRIPTION)
        # Type first: a list or object is unhashable (`in` a dict raised TypeError), and
        # 1.0 == 1 let a float ABI version through.
        if not isinstance(self.language, str) or self.language not in LANGUAGES:
            raise ConfigError("language", f"{self.language!r} is not one of {sorted(LANGUAGES)}")
        if type(self.abi) is not int or self.abi not in ABI_VERSIONS:
            raise ConfigError("abi", f"{self.abi!r} is not one of {list(ABI_VERSIONS)}")
        _check_str("test_body", self.test_body, 64 * 1024)
        if self.expect_body is not None:
            _check_str("expect_body", self.expect_body, 64 * 1024)
        if self.template is not None:
            _check_str("template", self.template, 100)

    @property
    def source_name(self) -> str:
        """File name of the source (``main.wat``, ``main.c`` or ``main.rs``)."""
        return LANGUAGES[self.language]

    def to_json(self) -> str:
        """The manifest as indented JSON."""
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse and validate ``manifest.json``.

        Raises:
            ConfigError: naming the field at fault (``manifest`` for malformed JSON).
        """
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(
                "manifest", f"not valid JSON ({exc.msg} at line {exc.lineno})"
            ) from None
        if not isinstance(data, dict):
            raise ConfigError("manifest", "must be a JSON object")
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(unknown[0], f"unknown manifest field; known: {sorted(known)}")
        if "slug" not in data:
            raise ConfigError("slug", "missing from the manifest")
        return cls(**data)


def _check_str(name: str, value: object, most: int) -> None:
    if not isinstance(value, str):
        raise ConfigError(name, f"must be a string, got {type(value).__name__}")
    if len(value) > most:
        raise ConfigError(name, f"longer than {most} characters")
